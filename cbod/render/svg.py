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

from ..languages import Language
from .files import write_if_changed

CHUNK = 16

# Text is measured and drawn with one named font. Left to "sans-serif", vl-convert picks a
# system face that can differ from one process to the next (DejaVu Sans, its Condensed
# face or Liberation Sans), and the same chart came out 672 or 685 px wide: the cause of
# the flaky reproducibility test. DejaVu Sans covers Vietnamese; `make` installs Debian's
# fonts-dejavu-core when it is missing.
FONT = "DejaVu Sans"
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)


def register_fonts() -> None:
    missing = [d for d in FONT_DIRS if not Path(d).is_dir()]
    if missing:
        raise RuntimeError(f"chart font folder {missing[0]} is missing: install Debian's fonts-dejavu-core "
                           "(`make site` does)")
    for folder in FONT_DIRS:
        vl_convert.register_font_directory(folder)


def with_font(spec: dict) -> dict:
    spec = dict(spec)
    spec["config"] = dict(spec.get("config", {}), font=FONT)
    return spec


def cache_file(spec: dict, number: dict, cache: Path) -> Path:
    """Where the SVG of `spec` drawn with a number format is cached."""
    payload = json.dumps([spec, number, FONT], sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(f"{vl_convert.__version__}|{payload}".encode()).hexdigest()
    return cache / "svg" / f"{key}.svg"


_fonts_ready = False


def _draw(jobs: list[tuple[dict, dict, str]]) -> None:
    global _fonts_ready
    if not _fonts_ready:
        register_fonts()
        _fonts_ready = True
    for spec, number, target in jobs:
        svg = vl_convert.vegalite_to_svg(with_font(spec), format_locale=number, allowed_base_urls=[])
        file = Path(target)
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(file)


def draw(spec: dict, lang: Language, cache: Path) -> str:
    """The SVG of one spec, drawn now with the language's number format, unless cached."""
    file = cache_file(spec, lang.number, cache)
    if not file.exists():
        _draw([(spec, lang.number, str(file))])
    return file.read_text(encoding="utf-8")


_AXIS_LABELS = re.compile(r'<g class="mark-text role-axis-label"[^>]*>.*?</g>', re.S)
_TEXT = re.compile(r">([^<]*)<")


def localise_svg(svg: str, base: Language, lang: Language) -> str:
    """The static SVG for `lang`, from the one drawn with the default language's number format.

    The static charts hold no words, only numbers on the axes: years (no separators) and
    values ("1.234,5" in Vietnamese, "1,234.5" in English). The separators "." and "," have
    the same advance width, so the layout is identical and swapping them in the axis labels
    gives, byte for byte, what vl-convert draws with the English locale (tested)."""
    if base.separators == lang.separators:
        return svg
    table = str.maketrans(dict(zip(base.separators, lang.separators)))
    return _AXIS_LABELS.sub(lambda g: _TEXT.sub(lambda t: ">" + t.group(1).translate(table) + "<", g.group(0)), svg)


class Drawing:
    """Static SVGs of named specs, drawn in background processes (vl-convert holds the GIL;
    'spawn' gives each worker a fresh JavaScript runtime) while the build goes on.

    The pipeline owns it (`with Drawing(...) as drawing:`): render `submit`s the specs,
    `manifest` says what will be written before it is drawn, and `finish` waits and writes
    one SVG per name and language. Leaving the block stops the workers, whatever happened."""

    def __init__(self, cache: Path, langs: tuple[Language, ...], workers: int | None = None):
        self.cache, self.langs, self.workers = cache, langs, workers
        self.files: dict[str, Path] = {}
        self.drawn = 0
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []

    def __enter__(self) -> "Drawing":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def base(self) -> Language:
        return self.langs[0]

    def submit(self, specs: dict[str, dict]) -> None:
        """Start drawing every spec not in the cache (once, with the default language's numbers)."""
        todo, seen = [], set()
        for name, spec in sorted(specs.items()):
            file = self.files[name] = cache_file(spec, self.base.number, self.cache)
            if file not in seen and not file.exists():
                seen.add(file)
                todo.append((spec, self.base.number, str(file)))
        self.drawn += len(todo)
        if todo:
            workers = self.workers or max(1, min(os.cpu_count() or 1, len(todo) // 40))
            if self._pool is None:
                self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            self._futures += [self._pool.submit(_draw, todo[i:i + CHUNK]) for i in range(0, len(todo), CHUNK)]

    def manifest(self) -> bytes:
        """Name -> content key of each SVG: what the published SVGs will be, known before
        they are drawn (the publish stage hashes it with its other inputs)."""
        return json.dumps({name: file.stem for name, file in sorted(self.files.items())}, indent=1).encode()

    def outputs(self) -> set[str]:
        """The files `finish` writes, relative to its folder."""
        return {f"charts/{name}.{lang}.svg" for name in self.files for lang in self.langs}

    def finish(self, out: Path) -> None:
        """Wait for the drawing and write out/charts/<name>.<lang>.svg (only those that changed)."""
        try:
            for future in self._futures:
                future.result()
        finally:
            self.close()
        for name, file in sorted(self.files.items()):
            svg = file.read_text(encoding="utf-8")
            for lang in self.langs:
                write_if_changed(out / "charts" / f"{name}.{lang}.svg",
                                 localise_svg(svg, self.base, lang).encode("utf-8"))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._futures = []
