"""Search: mark each page's article as the part Pagefind indexes, then run Pagefind
(its binary ships in the `pagefind-bin-extended` wheel; nothing is downloaded) to write
one index per language (<html lang>) under pagefind/."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ARTICLE = '<article class="md-content__inner md-typeset">'
NOT_INDEXED = ("404.html", "search/index.html")


def mark_bodies(site: Path) -> int:
    count = 0
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.endswith(NOT_INDEXED) or rel.startswith("pagefind/"):
            continue
        html = page.read_text(encoding="utf-8")
        if ARTICLE in html:
            page.write_text(html.replace(ARTICLE, ARTICLE[:-1] + " data-pagefind-body>", 1), encoding="utf-8")
            count += 1
    return count


def build_index(site: Path) -> None:
    mark_bodies(site)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], check=True)
    # Pagefind writes the languages of its entry file in hash-map order: sort them so that two
    # builds of the same site are byte-identical.
    entry = site / "pagefind" / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
