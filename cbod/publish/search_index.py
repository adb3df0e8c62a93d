"""Search: run Pagefind (its binary ships in the `pagefind-bin` wheel; nothing is downloaded)
to write one index per language (<html lang>) under pagefind/. The binary is started
directly, not through `python -m pagefind` (a Python start-up less on every build).

What is indexed: the pages' `index.html` files (not the chart embeds or the 404 page), and
in them only the article marked `data-pagefind-body` by the theme override (main.html).
Pagefind writes its index into a scratch folder (in memory when possible); only the files
that differ from the last index then go into the site (most fragments are named by their
content and do not change when one figure does)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from pagefind_bin import get_executable

from ..files import sync_tree

PAGES = "**/index.html"


def build_index(site: Path, scratch: Path) -> dict[str, int]:
    out = scratch / "pagefind"
    try:
        subprocess.run([str(get_executable()), "--site", str(site), "--glob", PAGES,
                        "--output-path", str(out), "--silent"], check=True)
        # Pagefind writes the languages of its entry file in hash-map order: sort them so that
        # two builds of the same site are byte-identical.
        entry = out / "pagefind-entry.json"
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                         encoding="utf-8")
        return sync_tree(out, site / "pagefind")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
