"""The same data builds byte-identical files: another folder, another run, the charts drawn again."""
from __future__ import annotations

import hashlib
import shutil

from cbod import pipeline
from cbod.render.cards import FOLDER as CARDS
from conftest import LANGUAGES, copy_project
from helpers import file_hashes

SAMPLE = 6  # the chart cards of one charted indicator in SAMPLE are drawn again


def seed_cards(built, second) -> set[str]:
    """Give `second` the first build's cached card PNGs, except those of one charted indicator
    in SAMPLE (both languages); returns the names of the indicators left to draw."""
    cached: dict[bytes, list] = {}  # a cache left by older code can hold the same bytes under another key
    for f in sorted((built.cache / "png").glob("*.png")):
        cached.setdefault(hashlib.sha256(f.read_bytes()).digest(), []).append(f)
    cards = sorted((built.site / CARDS).glob("*.png"))
    names = sorted({card.name.split(".")[0] for card in cards})
    redraw = set(names[::SAMPLE])
    for card in cards:
        if card.name.split(".")[0] in redraw:
            continue
        for png in cached[hashlib.sha256(card.read_bytes()).digest()]:
            (second.cache / "png").mkdir(parents=True, exist_ok=True)
            shutil.copy2(png, second.cache / "png" / png.name)
    return redraw


def test_two_builds_are_byte_identical(built, tmp_path):
    """Same data, another folder, another run: every output file has the same bytes.

    The second build starts from nothing but some chart cards: every page, download, XLSX
    file and search index is made again, and every static chart is drawn again by new worker
    processes. The chart cards (a 1200 × 630 PNG per charted indicator and language, the
    largest part of a clean build's time) of one indicator in SAMPLE are drawn again, in both
    languages; the others are the first build's, from its cache. All of them are made by the
    same code from the static chart, and those are all drawn again and compared."""
    second = copy_project(tmp_path / "again", reuse_cache=False)
    redraw = seed_cards(built, second)
    assert len(redraw) >= 20 and not (second.cache / "svg").exists()
    kept = len(list((second.cache / "png").glob("*.png")))
    result = pipeline.build(second)
    assert result.ok
    drawn = len(list((second.cache / "png").glob("*.png"))) - kept
    assert drawn == len(redraw) * len(LANGUAGES)  # the sample's cards were drawn, in every language
    first_hashes, second_hashes = file_hashes(built.site), file_hashes(second.site)
    assert sorted(first_hashes) == sorted(second_hashes)
    differ = [name for name in first_hashes if first_hashes[name] != second_hashes[name]]
    assert not differ, differ[:20]
    assert any(name.startswith(f"{CARDS}/{sorted(redraw)[0]}.") for name in first_hashes)
