"""Drawing chart specs into static SVGs with vl-convert: cached on disk by content hash,
drawn in background processes while the rest of the build goes on.

Kept apart from `charts` so that the worker processes import vl-convert only (not Altair).
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import vl_convert

from .fmt import D3_LOCALE

BASE_LOCALE = "vi"  # language-free static charts are drawn once, with Vietnamese number format
CHUNK = 16


def cache_file(spec: dict, locale: str, cache: Path) -> Path:
    """Where the SVG of `spec` drawn with `locale`'s number format is cached."""
    payload = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(f"{vl_convert.__version__}|{locale}|{payload}".encode()).hexdigest()
    return cache / "svg" / f"{key}.svg"


def _draw(jobs: list[tuple[dict, str, str]]) -> None:
    for spec, locale, target in jobs:
        svg = vl_convert.vegalite_to_svg(spec, format_locale=D3_LOCALE[locale], allowed_base_urls=[])
        file = Path(target)
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(file)


def draw(spec: dict, locale: str, cache: Path) -> str:
    """The SVG of one spec, drawn now unless cached."""
    file = cache_file(spec, locale, cache)
    if not file.exists():
        _draw([(spec, locale, str(file))])
    return file.read_text(encoding="utf-8")


_AXIS_LABELS = re.compile(r'<g class="mark-text role-axis-label"[^>]*>.*?</g>', re.S)
_TEXT = re.compile(r">([^<]*)<")
_SWAP = {"en": str.maketrans(".,", ",.")}


def localise_svg(svg: str, lang: str) -> str:
    """The static SVG for `lang`, from the one drawn with Vietnamese number format.

    The static charts hold no words, only numbers on the axes: years (no separators) and
    values ("1.234,5" in Vietnamese, "1,234.5" in English). The two separators have the
    same advance width, so the layout is identical and swapping them in the axis labels
    gives, byte for byte, what vl-convert draws with the English locale (tested)."""
    table = _SWAP.get(lang)
    if table is None:
        return svg
    return _AXIS_LABELS.sub(lambda g: _TEXT.sub(lambda t: ">" + t.group(1).translate(table) + "<", g.group(0)), svg)


class Drawing:
    """Static SVGs of named specs, drawn in background processes (vl-convert holds the GIL;
    'spawn' gives each worker a fresh JavaScript runtime). `finish` waits for them and
    writes one SVG per name and language."""

    def __init__(self, specs: dict[str, dict], cache: Path, langs: tuple[str, ...], workers: int | None = None):
        self.langs = langs
        self.files = {name: cache_file(spec, BASE_LOCALE, cache) for name, spec in sorted(specs.items())}
        todo, seen = [], set()
        for name, spec in sorted(specs.items()):
            file = self.files[name]
            if file not in seen and not file.exists():
                seen.add(file)
                todo.append((spec, BASE_LOCALE, str(file)))
        self.drawn = len(todo)
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        if todo:
            workers = workers or max(1, min(os.cpu_count() or 1, len(todo) // 40))
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            self._futures = [self._pool.submit(_draw, todo[i:i + CHUNK]) for i in range(0, len(todo), CHUNK)]

    def manifest(self) -> dict[str, str]:
        """Name -> content key of each SVG: what the published SVGs will be, known before
        they are drawn (the publish stage hashes it)."""
        return {name: file.stem for name, file in self.files.items()}

    def finish(self, out: Path) -> None:
        """Wait for the drawing and write out/charts/<name>.<lang>.svg."""
        try:
            for future in self._futures:
                future.result()
        finally:
            self.close()
        (out / "charts").mkdir(parents=True, exist_ok=True)
        for name, file in self.files.items():
            svg = file.read_text(encoding="utf-8")
            for lang in self.langs:
                (out / "charts" / f"{name}.{lang}.svg").write_text(localise_svg(svg, lang), encoding="utf-8")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
