"""Drawing chart specs into static SVGs with vl-convert: cached on disk by content hash,
drawn in background processes while the rest of the build goes on.

Kept apart from `charts` so that the worker processes import vl-convert only (not Altair).
"""
from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import re
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import vl_convert

from ..languages import Language
from . import cards as card_layout
from . import outline, png
from ..files import fingerprint, place, write_if_changed

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


# The chart cards (cards.py): what a cached PNG depends on besides its words and chart: the
# layout code, the code and fonts that turn its text into outlines (outline.py), and the code
# that writes the PNG again (png.py), its numpy and its zlib-ng.
CARD_CODE = fingerprint([card_layout.__file__, outline.__file__, png.__file__], ("numpy", "zlib-ng"))


def card_file(svg_file: Path, base: Language, lang: Language, card: dict, cache: Path) -> Path:
    """Where the PNG of a chart card is cached: keyed by the static chart (its cache key), the
    number format it is shown in, the card's words, the layout and outline code, and the fonts."""
    payload = json.dumps([svg_file.stem, base.number, lang.number, card, CARD_CODE, _fonts()],
                         sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(f"{vl_convert.__version__}|{payload}".encode()).hexdigest()
    return cache / "png" / f"{key}.png"


@functools.lru_cache(maxsize=None)
def _fonts() -> str:
    return outline.fonts_digest()


def card_png(card_svg: str) -> bytes:
    """The PNG of a card's SVG: its text drawn as outlines (outline.py), then written again
    with the same pixels, smaller (png.py)."""
    return png.compact(vl_convert.svg_to_png(outline.text_to_paths(card_svg)))


def _write(file: Path, data: bytes) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(file)


_fonts_ready = False


def _draw(jobs: list[tuple[dict, dict, str, list]]) -> None:
    """Draw static SVGs not cached yet, then the PNG of each card listed with them."""
    global _fonts_ready
    if not _fonts_ready:
        register_fonts()
        _fonts_ready = True
    for spec, number, target, card_jobs in jobs:
        file = Path(target)
        if not file.exists():
            svg = vl_convert.vegalite_to_svg(with_font(spec), format_locale=number, allowed_base_urls=[])
            _write(file, svg.encode("utf-8"))
        if card_jobs:
            svg = file.read_text(encoding="utf-8")
            for base, lang, card, png_file in card_jobs:
                composed = card_layout.compose(localise_svg(svg, base, lang), card)
                _write(Path(png_file).with_suffix(".svg"), composed.encode("utf-8"))  # kept for `finish`
                _write(Path(png_file), card_png(composed))


BUNDLE = "assets/vendor/vega-bundle.js"  # where the chart runtime is published, under the static folder


# The chart runtime is vendored: the bundle of the pinned vl-convert is kept in the repository
# (`make vendor` writes it; tests/test_charts.py checks it is the one vl-convert makes), so no
# build spends the 3 CPU-s of making it. With another vl-convert it is made and cached.
VENDOR = Path(__file__).with_name("vendor")


def bundle_file(cache: Path) -> Path:
    """The offline Vega + Vega-Lite + vega-embed bundle shipped inside vl-convert (no CDN): the
    vendored file for the installed vl-convert, else where it is cached once made."""
    name = f"vega-bundle-{vl_convert.__version__}.js"
    return VENDOR / name if (VENDOR / name).is_file() else cache / name


def javascript_bundle() -> bytes:
    return vl_convert.javascript_bundle().encode("utf-8")


def vendor_bundle() -> Path:
    """Write the installed vl-convert's bundle into the repository (`make vendor`), in place
    of any other version's."""
    for old in VENDOR.glob("vega-bundle-*.js"):
        old.unlink()
    target = VENDOR / f"vega-bundle-{vl_convert.__version__}.js"
    _write(target, javascript_bundle())
    return target


def _bundle(target: str) -> None:
    _write(Path(target), javascript_bundle())


def draw(spec: dict, lang: Language, cache: Path) -> str:
    """The SVG of one spec, drawn now with the language's number format, unless cached."""
    file = cache_file(spec, lang.number, cache)
    if not file.exists():
        _draw([(spec, lang.number, str(file), [])])
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
    """Static SVGs of named specs, and the chart cards around them (cards.py: an SVG and a
    1200 × 630 PNG per name and language), drawn in background processes (vl-convert holds
    the GIL; 'spawn' gives each worker a fresh JavaScript runtime) while the build goes on.

    The pipeline owns it (`with Drawing(...) as drawing:`): render `submit`s the specs and
    cards, `manifest` says what will be written before it is drawn, and `finish` waits and
    writes one SVG per name and language, the cards, and the chart runtime (the JavaScript
    bundle, made in a worker too: 3 s that a clean build's render would otherwise wait for).
    Leaving the block stops the workers, whatever happened."""

    CARDS = card_layout.FOLDER  # where the cards are written, under the static folder

    def __init__(self, cache: Path, langs: tuple[Language, ...], workers: int | None = None):
        self.cache, self.langs, self.workers = cache, langs, workers
        self.files: dict[str, Path] = {}
        self.cards: dict[tuple[str, Language], tuple[dict, Path]] = {}  # (name, lang) -> words, PNG
        self.drawn = self.cards_drawn = 0
        self.bundle: Path | None = None  # the chart runtime, once submit has been called
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []

    def __enter__(self) -> "Drawing":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def base(self) -> Language:
        return self.langs[0]

    def submit(self, specs: dict[str, dict], cards: dict[str, dict[Language, dict]] | None = None) -> None:
        """Start drawing every spec not in the cache (once, with the default language's numbers),
        and the PNG of every card not in the cache (`cards`: name -> language -> its words);
        and making the chart runtime, when it is not cached, first."""
        self.bundle = bundle_file(self.cache)
        jobs: dict[Path, tuple[dict, list]] = {}
        for name, spec in sorted(specs.items()):
            file = self.files[name] = cache_file(spec, self.base.number, self.cache)
            _, card_jobs = jobs.setdefault(file, (spec, []))
            for lang in self.langs:
                card = (cards or {}).get(name, {}).get(lang)
                if card is None:
                    continue
                png_file = card_file(file, self.base, lang, card, self.cache)
                self.cards[(name, lang)] = (card, png_file)
                if not png_file.exists() and all(str(png_file) != job[3] for job in card_jobs):
                    card_jobs.append((self.base, lang, card, str(png_file)))
        todo = [(spec, self.base.number, str(file), card_jobs) for file, (spec, card_jobs) in jobs.items()
                if card_jobs or not file.exists()]
        self.drawn += sum(1 for _, _, file, _ in todo if not Path(file).exists())
        self.cards_drawn += sum(len(card_jobs) for *_, card_jobs in todo)
        make_bundle = not self.bundle.exists()
        if todo or make_bundle:
            work = len(todo) + 2 * self.cards_drawn + 60 * make_bundle  # a card costs two charts, the bundle 60
            workers = self.workers or max(1, min(os.cpu_count() or 1, work // 40))
            if self._pool is None:
                self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            if make_bundle:
                self._futures.append(self._pool.submit(_bundle, str(self.bundle)))
            self._futures += [self._pool.submit(_draw, todo[i:i + CHUNK]) for i in range(0, len(todo), CHUNK)]

    def manifest(self) -> bytes:
        """Name -> content key of each SVG and card: what the published files will be, known
        before they are drawn (the publish stage hashes it with its other inputs)."""
        keys = {name: file.stem for name, file in self.files.items()}
        keys.update({f"{name}.{lang}.card": png_file.stem for (name, lang), (_, png_file) in self.cards.items()})
        if self.bundle is not None:
            keys[BUNDLE] = self.bundle.name
        return json.dumps(keys, indent=1, sort_keys=True).encode()

    def outputs(self) -> set[str]:
        """The files `finish` writes, relative to its folder."""
        charts = {f"charts/{name}.{lang}.svg" for name in self.files for lang in self.langs}
        cards = {f"{self.CARDS}/{name}.{lang}.{ext}" for name, lang in self.cards for ext in ("svg", "png")}
        return charts | cards | ({BUNDLE} if self.bundle is not None else set())

    def finish(self, out: Path) -> None:
        """Wait for the drawing and write out/charts/<name>.<lang>.svg, each card as
        out/charts/publication/<name>.<lang>.svg and .png, and the chart runtime (only the files
        that changed)."""
        try:
            for future in self._futures:
                future.result()
        finally:
            self.close()
        localised: dict[tuple[str, Language], str] = {}
        for name, file in sorted(self.files.items()):
            svg = file.read_text(encoding="utf-8")
            for lang in self.langs:
                localised[(name, lang)] = localise_svg(svg, self.base, lang)
                write_if_changed(out / "charts" / f"{name}.{lang}.svg", localised[(name, lang)].encode("utf-8"))
        for (name, lang), (card, png_file) in sorted(self.cards.items()):
            folder = out / self.CARDS
            composed = png_file.with_suffix(".svg")  # the card's SVG, kept next to its PNG when drawn
            if not composed.exists():
                _write(composed, card_layout.compose(localised[(name, lang)], card).encode("utf-8"))
            place(composed, folder / f"{name}.{lang}.svg")
            place(png_file, folder / f"{name}.{lang}.png")
        if self.bundle is not None:
            write_if_changed(out / BUNDLE, self.bundle.read_bytes())

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._futures = []
