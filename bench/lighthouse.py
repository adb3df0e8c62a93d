"""Lighthouse (npm, installed into build/bench, run against Debian's chromium), mobile profile."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

VERSION = "13"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def install(folder: Path) -> Path:
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(folder),
                        f"lighthouse@{VERSION}"], check=True)
    return binary


METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS", "speed-index": "SI"}


def run(binary: Path, url: str, runs: int = 3) -> dict:
    """Median of `runs` Lighthouse runs (the performance score varies from run to run, more
    so on 2 cores; Lighthouse's own guidance is to take the median of several)."""
    results = [_run_once(binary, url) for _ in range(runs)]
    good = [r for r in results if "error" not in r]
    if not good:
        return results[0]
    good.sort(key=lambda r: r["performance"])
    median = dict(good[len(good) // 2])
    median["runs"] = [r["performance"] for r in good]
    return median


def _run_once(binary: Path, url: str) -> dict:
    flags = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
             "--disable-background-networking --disable-component-update --disable-sync")
    out = subprocess.run([str(binary), url, "--output=json", "--output-path=stdout", "--quiet",
                          f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
                         capture_output=True, text=True, env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"),
                         timeout=180)
    if out.returncode != 0:
        return {"error": out.stderr[-300:]}
    report = json.loads(out.stdout)
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failed = [a["id"] for a in report["audits"].values()
              if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
    scores["failed"] = failed[:8]
    scores["metrics"] = {short: report["audits"][key].get("displayValue", "") for key, short in METRICS.items()}
    return scores
