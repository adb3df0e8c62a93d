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
import threading
from pathlib import Path

from pagefind_bin import get_executable

from ..files import sync_tree, walk_files

PAGES = "index.html"
NOT_INDEXED = ("embed", "pagefind")  # top-level folders with no page to find


def pages(site: Path, prefixes: list[str]) -> dict[str, list[str]]:
    """Prefix -> the pages of that language (relative paths, sorted). The default language ('')
    has every top-level folder that is not another language's."""
    return {prefix: language_pages(site, prefixes, prefix) for prefix in prefixes}


def language_pages(site: Path, prefixes: list[str], prefix: str) -> list[str]:
    """The pages of the language of `prefix` (relative paths, sorted), read from its folders
    only: another language's may still be being written."""
    others = {p.strip("/") for p in prefixes if p}
    if prefix:
        folders = [prefix.strip("/")]
    else:
        folders = sorted(e.name for e in os.scandir(site) if e.is_dir() and e.name not in others
                         and e.name not in NOT_INDEXED) if site.is_dir() else []
    out = [PAGES] if not prefix and (site / PAGES).is_file() else []
    for folder in folders:
        out += [f"{folder}/{rel}" for rel in walk_files(site / folder) if rel.rsplit("/", 1)[-1] == PAGES]
    return sorted(out)


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


def run_pagefind(pages: Path, out: Path, nice: int = 0) -> subprocess.Popen:
    """Start Pagefind on a folder of pages (the copy `copy_in_order` made)."""
    return subprocess.Popen([str(get_executable()), "--site", str(pages), "--glob", f"**/{PAGES}",
                             "--output-path", str(out), "--silent"],
                            preexec_fn=(lambda: os.nice(nice)) if nice else None)


class Indexing:
    """One Pagefind a language, each started as soon as its language's pages are written:
    `start(prefix)` (MkDocs writes the languages one after the other, so the default
    language is indexed while the others are built), `finish()` starts the languages not
    started yet, waits for all and puts the indexes into the site. `close()` stops what is
    still running and removes the scratch folder; a failure at any point shows in `finish`."""

    def __init__(self, site: Path, scratch: Path, prefixes: list[str], nice: int = 0):
        self.site, self.scratch, self.prefixes, self.nice = site, scratch, list(prefixes), nice
        self._threads: dict[str, threading.Thread] = {}
        self._runs: dict[str, tuple[Path, subprocess.Popen | None]] = {}
        self._errors: list[BaseException] = []

    def start(self, prefix: str) -> None:
        """Copy the language's pages and start its Pagefind, in a thread (the copy is mostly
        waiting on the file system); once per language."""
        if prefix not in self.prefixes or prefix in self._threads:
            return
        thread = self._threads[prefix] = threading.Thread(target=self._launch, args=(prefix,), daemon=True)
        thread.start()

    def _launch(self, prefix: str) -> None:
        try:
            name = prefix.strip("/") or "default"
            copy, out = self.scratch / f"pages-{name}", self.scratch / f"pagefind-{name}"
            copy_in_order(self.site, language_pages(self.site, self.prefixes, prefix), copy)
            self._runs[prefix] = (out, run_pagefind(copy, out, self.nice))
        except BaseException as error:  # shown by finish
            self._errors.append(error)

    def finish(self) -> dict[str, int]:
        for prefix in self.prefixes:
            self.start(prefix)
        for thread in self._threads.values():
            thread.join()
        if self._errors:
            raise self._errors[0]
        failed = [prefix or "default" for prefix, (_, run) in self._runs.items() if run.wait() != 0]
        if failed:
            raise RuntimeError(f"Pagefind failed to index the pages of: {', '.join(failed)}")
        counts = {"changed": 0, "removed": 0, "unchanged": 0}
        for prefix, (out, _) in sorted(self._runs.items()):
            # Pagefind writes its entry file in hash-map order: sorted, two builds of the same
            # site are byte-identical.
            entry = out / "pagefind-entry.json"
            data = json.loads(entry.read_text(encoding="utf-8"))
            entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                             encoding="utf-8")
            for key, n in sync_tree(out, self.site / f"{prefix}pagefind").items():
                counts[key] += n
        return counts

    def close(self) -> None:
        for thread in self._threads.values():
            thread.join()
        for _, run in self._runs.values():
            if run.poll() is None:
                run.kill()
                run.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)


def build_index(site: Path, scratch: Path, prefixes: list[str], nice: int = 0,
                indexing: Indexing | None = None) -> dict[str, int]:
    """Index every language of `site` (`prefixes`: each language's URL prefix, as in site.yml;
    the default language's is empty), finishing `indexing` when some languages were started
    already. `nice`: how much lower Pagefind's priority is. Pagefind reads a copy of each
    language's pages made in `scratch` (`copy_in_order`), removed when done."""
    indexing = indexing or Indexing(site, scratch, prefixes, nice)
    try:
        return indexing.finish()
    finally:
        indexing.close()
