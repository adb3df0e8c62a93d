"""python -m bench [--quick] [--no-lighthouse] [--scales 10,100]"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cbod import pipeline
from cbod.dev import serve
from cbod.paths import Paths

from . import lighthouse, synthetic, weight

REPO = Path(__file__).resolve().parent.parent
STAGES = ("load", "validate", "derive", "render", "publish-check", "mkdocs", "pending-wait", "static", "search")
PAGES = {"home (vi)": "", "topic (vi)": "topics/ngan-sach/", "indicator (vi)": "indicators/thu-ngan-sach/",
         "dataset (vi)": "data/budget/", "home (en)": "en/", "topic (en)": "en/topics/ngan-sach/",
         "indicator (en)": "en/indicators/thu-ngan-sach/", "dataset (en)": "en/data/budget/"}


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem = next((l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), "?")
    return (f"{os.cpu_count()} cores ({cpu}), {int(mem) // 1024 // 1024} GiB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def timed_build(paths: Paths) -> dict:
    t = time.perf_counter()
    result = pipeline.build(paths)
    assert result.ok, "\n".join(result.report.lines()[:5])
    timings = dict(result.timings, total=time.perf_counter() - t)
    return timings


def build_times(runs: int) -> tuple[dict, dict]:
    paths = Paths(REPO)
    shutil.rmtree(paths.cache, ignore_errors=True)  # chart SVGs, JS bundle and the publish record
    clean = timed_build(paths)
    timed_build(paths)  # warm-up
    warm = [timed_build(paths) for _ in range(runs)]
    median = {k: statistics.median(w.get(k, 0.0) for w in warm) for k in warm[0]}
    return clean, median


def scaling(scales: list[int], timeout: int) -> list[dict]:
    rows = []
    plans = {1: (1, 1), 10: (5, 2), 100: (10, 10)}
    for scale in [1] + scales:
        ind, per = plans.get(scale, (scale, 1))
        with tempfile.TemporaryDirectory(prefix=f"bench-x{scale}-") as tmp:
            root = synthetic.make(Path(tmp) / "project", ind, per)
            figures = sum(1 for f in (root / "data/figures").glob("*.csv") for _ in open(f, encoding="utf-8")) - 4
            t = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            try:
                out = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "build"],
                                     capture_output=True, text=True, timeout=timeout, cwd=REPO)
                status = "ok" if out.returncode == 0 else "failed"
                stages = next((l for l in out.stdout.splitlines() if l.startswith("timings:")), "")
            except subprocess.TimeoutExpired:
                status, stages = f"stopped after {timeout} s", ""
            wall = time.perf_counter() - t
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            rows.append({"scale": scale, "indicators×": ind, "periods×": per, "figures": figures, "status": status,
                         "seconds": wall, "peak_mb": max(peak, before) / 1024, "stages": stages.replace("timings: ", "")})
            print(f"x{scale}: {figures} figures, {wall:.1f} s, {status}", flush=True)
    return rows


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def write_report(path: Path, info: dict) -> None:
    lines = ["# Benchmarks", "", f"Measured {time.strftime('%Y-%m-%d')} on {info['machine']}.", "",
             "Reproduce: `make site && make bench` (about 15 minutes on 2 cores; `python -m bench --quick` skips "
             "×100 and Lighthouse).", ""]
    clean, warm = info["clean"], info["warm"]
    lines += ["## Build time (`build.py build`, real data)", "",
              "| stage | clean build (no chart cache) s | rebuild, nothing changed (median of "
              f"{info['runs']}) s |", "|---|---|---|"]
    for stage in STAGES + ("total",):
        lines.append(f"| {stage} | {clean.get(stage, 0):.2f} | {warm.get(stage, 0):.2f} |")
    lines += ["", "Targets: clean build < 30 s, rebuild < 10 s.", ""]
    lines += ["## Scaling (synthetic packages, same schema)", "",
              "| scale | indicators × | periods × | figures | result | wall s | peak RSS MB | stages |",
              "|---|---|---|---|---|---|---|---|"]
    for r in info["scaling"]:
        lines.append(f"| ×{r['scale']} | {r['indicators×']} | {r['periods×']} | {r['figures']} | {r['status']} | "
                     f"{r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['stages']} |")
    lines += ["", "Peak RSS is the largest child process so far (builds run in increasing size).", ""]
    lines += ["## Page weight (first view, gzip, 390 px viewport)", "",
              "| page | requests | transferred KB | html KB | css KB | js KB | svg KB | json KB |",
              "|---|---|---|---|---|---|---|---|"]
    for r in info["weight"]:
        t = r["by_type"]
        lines.append(f"| {r['page']} | {r['requests']} | {kb(r['bytes'])} | {kb(t.get('html', 0))} | "
                     f"{kb(t.get('css', 0))} | {kb(t.get('js', 0))} | {kb(t.get('svg', 0))} | {kb(t.get('json', 0))} |")
    lines += ["", "Targets: first view ≤ 150 KB; with the chart runtime loaded ≤ 450 KB.", ""]
    if info.get("lighthouse"):
        lines += ["## Lighthouse (mobile, served gzip-compressed from 127.0.0.1; median of 3 runs)", "",
                  "| page | performance (runs) | accessibility | best practices | SEO | metrics of the median run "
                  "| failed binary audits |", "|---|---|---|---|---|---|---|"]
        for label, s in info["lighthouse"].items():
            if "error" in s:
                lines.append(f"| {label} | error: {s['error'][:80]} | | | | | |")
            else:
                runs = "/".join(map(str, s.get("runs", [])))
                metrics = ", ".join(f"{k} {v}" for k, v in s.get("metrics", {}).items())
                lines.append(f"| {label} | {s['performance']} ({runs}) | {s['accessibility']} | "
                             f"{s['best-practices']} | {s['seo']} | {metrics} | {', '.join(s['failed'])} |")
        lines += ["", "Targets: accessibility, best practices and SEO 100; performance ≥ 95 (median of "
                  "three runs: single runs vary by a few points on 2 cores).", ""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip ×100 and Lighthouse")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed per scaled build")
    args = parser.parse_args()
    info = {"machine": machine(), "runs": args.runs}
    print("build times…", flush=True)
    info["clean"], info["warm"] = build_times(args.runs)
    print("page weight…", flush=True)
    info["weight"] = weight.measure(REPO / "site", PAGES)
    if not (args.quick or args.no_lighthouse):
        print("lighthouse…", flush=True)
        binary = lighthouse.install(REPO / "build" / "bench")
        httpd, base = serve(REPO / "site")
        try:
            info["lighthouse"] = {label: lighthouse.run(binary, base + path) for label, path in PAGES.items()}
        finally:
            httpd.shutdown()
    print("scaling…", flush=True)
    info["scaling"] = scaling([10] if args.quick else [10, 100], args.timeout)
    write_report(REPO / "BENCHMARKS.md", info)
    print((REPO / "BENCHMARKS.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
