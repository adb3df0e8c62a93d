"""Search: run Pagefind (its binary ships in the `pagefind-bin` wheel; nothing is downloaded)
to write one index per language: the default language's pages into pagefind/, each other
language's (the pages under its URL prefix) into <prefix>pagefind/. A search page loads
only its own language's index. The languages are indexed at the same time, by one Pagefind
each: a build spends the time of the larger language, not of both.

What is indexed: the pages' `index.html` files (not the chart embeds or the 404 page), and
in them only the article marked `data-pagefind-body` by the theme override (main.html).
Pagefind reads a copy of the pages made in a fixed order (`copy_in_order`) and writes each
index into a scratch folder, both in memory when possible; only the files
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

from ..files import sync_tree, walk_files

PAGES = "index.html"
NOT_INDEXED = ("embed", "pagefind")  # top-level folders with no page to find


def pages(site: Path, prefixes: list[str]) -> dict[str, list[str]]:
    """Prefix -> the pages of that language (relative paths, sorted). The default language ('')
    has every top-level folder that is not another language's."""
    others = {p.strip("/") for p in prefixes if p}
    out: dict[str, list[str]] = {prefix: [] for prefix in prefixes}
    for rel in walk_files(site):
        top, _, _ = rel.partition("/")
        if rel.rsplit("/", 1)[-1] != PAGES or top in NOT_INDEXED:
            continue
        prefix = f"{top}/" if top in others else ""
        if prefix in out:
            out[prefix].append(rel)
    return out


def copy_in_order(site: Path, files: list[str], dest: Path) -> None:
    """`files` of `site` copied into `dest`, created in sorted order. Pagefind numbers the pages
    in the order it walks them, which is the order the file system lists a folder in: on disk
    that depends on the file system (ext4 orders by a hash seeded per file system) and, on
    others, on when each file was made (a page written again by an edit moves). In a new
    folder in memory (tmpfs lists in order of creation) the order is the same on every build,
    so the same pages give the same index bytes."""
    made = set()
    for rel in sorted(files):
        target = dest / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        shutil.copyfile(site / rel, target)


def build_index(site: Path, scratch: Path, prefixes: list[str], nice: int = 0) -> dict[str, int]:
    """Index every language of `site` at once (`prefixes`: each language's URL prefix, as in
    site.yml; the default language's is empty). `nice`: how much lower Pagefind's priority is.
    Pagefind reads a copy of each language's pages made in `scratch` (`copy_in_order`)."""
    try:
        runs = {}
        for prefix, files in pages(site, prefixes).items():
            name = prefix.strip("/") or "default"
            copy = scratch / f"pages-{name}"
            copy_in_order(site, files, copy)
            out = scratch / f"pagefind-{name}"
            runs[prefix] = (out, subprocess.Popen([str(get_executable()), "--site", str(copy), "--glob", f"**/{PAGES}",
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
