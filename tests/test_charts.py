"""Charts on the real build: which indicators are drawn, what the static SVGs hold, and
that the English SVG derived from the Vietnamese one is what vl-convert draws in English."""
from __future__ import annotations

import re

import pytest
import vl_convert

from cbod import pipeline
from cbod.render import charts
from cbod.strings import load_strings
from cbod.render.svg import FONT_DIRS, localise_svg, with_font
from conftest import EN, LANGUAGES, VI

TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")


@pytest.fixture(scope="module")
def by_indicator(built):
    result = pipeline.check(built)
    assert result.ok
    return result.derived["by_indicator"]


def test_an_indicator_is_charted_only_with_two_values_or_more(built, by_indicator):
    charted = single = 0
    for ind, figures in by_indicator.items():
        rows, _ = charts.chart_rows(figures)
        files = [built.site / "charts" / f"{ind}.{lang}.{ext}" for lang in LANGUAGES for ext in ("svg", "vl.json")]
        page = (built.site / "indicators" / ind / "index.html").read_text(encoding="utf-8")
        if len(rows) >= 2:
            charted += 1
            assert all(f.is_file() for f in files), ind
            assert f"charts/{ind}.vi.svg" in page
        else:
            single += 1
            assert not any(f.exists() for f in files), ind
            assert "charts/" not in page and load_strings(LANGUAGES)["vi"]["indicator"]["chart_none"] in page
    assert charted > 100 and single > 100  # both cases occur in the real data


def test_static_svgs_hold_numbers_only(built):
    svgs = [p for p in (built.site / "charts").glob("*.svg") if not p.name.startswith("scorecard.")]
    assert len(svgs) > 200
    for path in svgs:
        texts = TEXT.findall(path.read_text(encoding="utf-8"))
        assert texts, path.name
        words = [t for t in texts if not re.fullmatch(r"[−\-]?[\d.,]+", t)]
        assert not words, f"{path.name}: {words[:3]}"


def test_english_svg_is_what_vl_convert_draws_with_english_numbers(built, by_indicator):
    """`localise_svg` swaps separators instead of drawing again: compare with a real drawing
    for the charts whose axis labels have separators (decimals or thousands)."""
    checked = 0
    for folder in FONT_DIRS:
        vl_convert.register_font_directory(folder)
    for ind in sorted(by_indicator):
        vi_file = built.site / "charts" / f"{ind}.vi.svg"
        if not vi_file.exists():
            continue
        vi = vi_file.read_text(encoding="utf-8")
        if not any(re.search(r"\d[.,]\d", t) for t in TEXT.findall(vi)):
            continue
        spec = charts.static_spec(by_indicator[ind])
        expected = vl_convert.vegalite_to_svg(with_font(spec), format_locale=EN.number, allowed_base_urls=[])
        assert (built.site / "charts" / f"{ind}.en.svg").read_text(encoding="utf-8") == expected, ind
        assert vi != expected
        checked += 1
        if checked == 8:
            break
    assert checked == 8


def test_localise_svg_changes_axis_labels_only():
    svg = ('<svg><g class="mark-text role-title"><text transform="translate(1.5,2)">1.000,5</text></g>'
           '<g class="mark-text role-axis-label" pointer-events="none">'
           '<text transform="translate(42.5,16)">1.234,5</text><text transform="translate(9.5,1)">2020</text></g></svg>')
    out = localise_svg(svg, VI, EN)
    assert '<text transform="translate(42.5,16)">1,234.5</text>' in out
    assert '<text transform="translate(9.5,1)">2020</text>' in out
    assert '<g class="mark-text role-title"><text transform="translate(1.5,2)">1.000,5</text></g>' in out
    assert localise_svg(svg, VI, VI) == svg


def test_legend_names_the_kinds_the_chart_draws(built, by_indicator):
    """...and a series break (catalogues/series-breaks.csv) that falls inside the chart's years."""
    from helpers import read_rows
    strings = load_strings(LANGUAGES)
    header, *rows = read_rows(built.root / "data/catalogues/series-breaks.csv")
    breaks = [dict(zip(header, r)) for r in rows]
    assert breaks
    drawn_breaks = 0
    for ind, figures in by_indicator.items():
        rows, _ = charts.chart_rows(figures)
        if len(rows) < 2:
            continue
        kinds = [k for k in charts.KINDS if k in {f["kind"] for f in rows}]
        years = [int(b["year"]) for b in breaks if b["indicator_id"] == ind
                 and min(f["period_start"] for f in rows) < int(b["year"]) <= max(f["period_end"] for f in rows)]
        drawn_breaks += len(years)
        for lang in LANGUAGES:
            page = (built.site / lang.prefix / "indicators" / ind / "index.html").read_text(encoding="utf-8")
            legend = re.search(r'<ul class="cb-legend"[^>]*>(.*?)</ul>', page, re.S).group(1)
            names = [re.sub(r"<svg.*?</svg>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", legend, re.S)]
            assert names == ([strings[lang]["kind"][k] for k in kinds]
                             + [strings[lang]["indicator"]["break_legend"].format(year=y) for y in years]), (ind, lang)
    assert drawn_breaks == 3  # the poverty rate (2021), its reduction (2016), new-rural-area communes (2021)


def fig(aggregation="year", display_value=1.0, base_period="", **kw):
    return dict(aggregation=aggregation, display_value=display_value, base_period=base_period, **kw)


def test_chart_rows_keep_years_and_averages_and_leave_the_rest_to_the_table():
    year, average = fig("year"), fig("annual_average")
    total, against_base, foreign_unit = fig("period_total"), fig(base_period="2015"), fig(display_value=None)
    rows, excluded = charts.chart_rows([year, average, total, against_base, foreign_unit])
    assert rows == [year, average] and excluded == 3
    # an indicator with period totals only is charted by them
    totals = [fig("period_total"), fig("period_total")]
    assert charts.chart_rows(totals) == (totals, 0)
    # one drawable value is not a chart
    assert charts.static_spec([fig(period_start=2020, period_end=2020, display_value_high=None, kind="actual")]) is None


def _cards(built, *names: str) -> list[str]:
    from cbod.render.cards import FOLDER
    return [(built.site / FOLDER / name).read_text(encoding="utf-8") for name in names]


def test_card_png_drawn_from_outlines_has_the_pixels_resvg_draws_from_text(built):
    """The PNG of a card is drawn from its text turned into DejaVu Sans outlines (outline.py):
    the same pixels, within anti-aliasing, as resvg drawing the text itself (title with
    Vietnamese tone marks, bold and regular runs in one line, axis labels anchored end and
    middle)."""
    import numpy as np

    from cbod.render import outline
    from cbod.render.svg import register_fonts
    from helpers import png_pixels

    register_fonts()
    for svg in _cards(built, "ty-le-ho-ngheo.vi.svg", "tang-truong-grdp.en.svg"):
        outlined = outline.text_to_paths(svg)
        assert "<text" in svg and "<text" not in outlined
        text = png_pixels(vl_convert.svg_to_png(svg)).astype(int)
        drawn = png_pixels(vl_convert.svg_to_png(outlined)).astype(int)
        differ = np.abs(text - drawn)
        assert differ.mean() < 0.05 and (differ > 96).mean() < 1e-4, (differ.mean(), (differ > 96).mean())


def test_text_the_outlines_cannot_draw_is_left_to_resvg():
    """Other fonts, letters DejaVu Sans lacks, and text attributes the converter does not know
    stay text: the PNG is then slower, never wrong."""
    from cbod.render.outline import text_to_paths

    head = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
    kept = ['<text x="1" y="20" font-family="DejaVu Sans" font-size="12">Cao Bằng 中</text>',
            '<text x="1" y="20" font-family="Noto Serif" font-size="12">Cao Bằng</text>',
            '<text x="1" y="20" dy="3" font-family="DejaVu Sans" font-size="12">Cao Bằng</text>',
            '<text x="1" y="20" font-family="DejaVu Sans"><tspan rotate="9">Cao</tspan></text>',
            '<text x="1" y="20" font-family="DejaVu Sans"><tspan>Cao</tspan><a>Bằng</a></text>']
    for text in kept:
        assert text_to_paths(head + text + "</svg>") == head + text + "</svg>", text
    converted = text_to_paths(head + '<text x="1" y="20" font-family="DejaVu Sans" font-size="12">Đ&amp;ư</text></svg>')
    assert "<text" not in converted and converted.count("<path") == 3


def test_card_png_is_written_again_with_the_same_pixels():
    """png.compact writes resvg's PNG again: an opaque image of at most 256 colours (a card)
    as an indexed-colour PNG, anything else (transparency, more colours) as it was, and
    always with exactly the same pixels (read by the tests' own decoder)."""
    from cbod.render import png
    from cbod.render.svg import register_fonts
    from helpers import png_pixels

    register_fonts()
    head = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120">'
    card = (head + '<rect width="300" height="120" fill="#fff"/><path d="M10 100 L290 20" stroke="#0072B2" '
            'stroke-width="3"/><circle cx="150" cy="60" r="9" fill="#D55E00" fill-opacity="0.9"/>'
            '<text x="10" y="30" font-family="DejaVu Sans" font-size="18">Cao Bằng 1.382,08</text></svg>')
    gradient = (head + '<defs><linearGradient id="g"><stop offset="0" stop-color="#000"/>'
                '<stop offset="1" stop-color="#f8c"/></linearGradient></defs>'
                '<rect width="300" height="120" fill="url(#g)"/></svg>')
    clear = head + '<circle cx="150" cy="60" r="40" fill="#0072B2"/></svg>'
    for svg, indexed in ((card, True), (gradient, False), (clear, False)):
        drawn = vl_convert.svg_to_png(svg)
        written = png.compact(drawn)
        assert (written[25] == 3) is indexed, written[25]  # the colour type in IHDR
        assert (png_pixels(written) == png_pixels(drawn)).all()
        assert len(written) < len(drawn)
    assert png.compact(png.compact(vl_convert.svg_to_png(card))) == png.compact(vl_convert.svg_to_png(card))


def test_rows_filtered_with_none_or_sub_are_read_back_to_the_same_pixels():
    """png.compact reads the runs of one colour from the filtered rows (resvg writes Sub; None
    is read too): rows of both filters, in any order, give back exactly their pixels, also
    where a row starts with the colour the row above ended with, or is one run."""
    import struct
    import zlib

    import numpy as np

    from cbod.render import png
    from helpers import png_pixels

    rng = np.random.default_rng(7)
    palette = rng.integers(0, 256, size=(40, 4), dtype=np.uint8)
    palette[:, 3] = 255
    height, width = 23, 37
    pixels = palette[np.repeat(rng.integers(0, 40, size=(height, 9)), [5, 1, 7, 2, 3, 6, 4, 1, 8], axis=1)]
    pixels[4] = pixels[3, -1]  # one run, of the colour the row above ends with
    rows = []
    for y in range(height):
        line = pixels[y].astype(np.int16).reshape(-1)
        if y % 3:  # Sub: each byte less the byte a pixel to its left
            rows.append(b"\x01" + ((line - np.concatenate([np.zeros(4, np.int16), line[:-4]])) % 256).astype(np.uint8).tobytes())
        else:
            rows.append(b"\x00" + line.astype(np.uint8).tobytes())

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    drawn = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
             + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
    assert (png_pixels(drawn) == pixels).all()  # the test's own encoding is right
    written = png.compact(drawn)
    assert written[25] == 3  # indexed
    assert (png_pixels(written) == pixels).all()


def test_vendored_chart_runtime_is_the_one_vl_convert_makes(tmp_path):
    """The chart runtime in the repository is the pinned vl-convert's (after an upgrade, `make
    vendor`), and builds use it; with no vendored file for the installed version, a build
    makes it in its cache instead."""
    from unittest import mock

    from cbod.render import svg

    vendored = svg.VENDOR / f"vega-bundle-{vl_convert.__version__}.js"
    assert vendored.is_file(), f"{vendored.name} is not vendored: run `make vendor`"
    assert sorted(svg.VENDOR.iterdir()) == [vendored]  # no other version left behind
    assert vendored.read_bytes() == svg.javascript_bundle(), "the vendored chart runtime differs: run `make vendor`"
    assert svg.bundle_file(tmp_path) == vendored
    with mock.patch.object(svg, "VENDOR", tmp_path / "none"):
        assert svg.bundle_file(tmp_path) == tmp_path / vendored.name
