"""Search: run Pagefind (its binary ships in the `pagefind-bin` wheel; nothing is downloaded)
to write one index per language: the default language's pages into pagefind/, each other
language's (the pages under its URL prefix) into <prefix>pagefind/. A search page loads
only its own language's index. The languages are indexed at the same time, by one Pagefind
each: a build spends the time of the larger language, not of both.

What is indexed: the pages' `index.html` files (not the chart embeds or the 404 page), and
in them only the article marked `data-pagefind-body` by the theme override (main.html).
Pagefind writes each index into a scratch folder (in memory when possible); only the files
that differ from the last index then go into the site (most fragments are named by their
content and do not change when one figure does). The binary is started directly, not
through `python -m pagefind` (a Python start-up less on every build)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from pagefind_bin import get_executable

from ..files import sync_tree

PAGES = "index.html"
NOT_INDEXED = ("embed", "pagefind")  # top-level folders with no page to find


def globs(site: Path, prefixes: list[str]) -> dict[str, str]:
    """Prefix -> the pages of that language, as a Pagefind glob. The default language ('')
    has every top-level folder that is not another language's, listed by name."""
    others = {p.strip("/") for p in prefixes if p}
    folders = sorted(e.name for e in site.iterdir() if e.is_dir() and e.name not in others | set(NOT_INDEXED))
    out = {}
    for prefix in prefixes:
        if prefix:
            out[prefix] = f"{prefix}**/{PAGES}"
        else:
            out[prefix] = "{" + ",".join([PAGES] + [f"{f}/**/{PAGES}" for f in folders]) + "}"
    return out


def build_index(site: Path, scratch: Path, prefixes: list[str], nice: int = 0) -> dict[str, int]:
    """Index every language of `site` at once (`prefixes`: each language's URL prefix, as in
    site.yml; the default language's is empty). `nice`: how much lower Pagefind's priority is."""
    try:
        runs = {}
        for prefix, pattern in globs(site, prefixes).items():
            out = scratch / f"pagefind-{prefix.strip('/') or 'default'}"
            runs[prefix] = (out, subprocess.Popen([str(get_executable()), "--site", str(site), "--glob", pattern,
                                                   "--output-path", str(out), "--silent"],
                                                  preexec_fn=(lambda: os.nice(nice)) if nice else None))
        failed = [prefix or "default" for prefix, (_, run) in runs.items() if run.wait() != 0]
        if failed:
            raise RuntimeError(f"Pagefind failed to index the pages of: {', '.join(failed)}")
        counts = {"changed": 0, "removed": 0, "unchanged": 0}
        for prefix, (out, _) in sorted(runs.items()):
            # Pagefind writes its entry file in hash-map order: sorted, two builds of the same
            # site are byte-identical.
            entry = out / "pagefind-entry.json"
            data = json.loads(entry.read_text(encoding="utf-8"))
            entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                             encoding="utf-8")
            for key, n in sync_tree(out, site / f"{prefix}pagefind").items():
                counts[key] += n
        return counts
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
