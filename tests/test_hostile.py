"""Untrusted text in the data is shown literally everywhere: pages, charts, search, files."""
from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import FORMULA, HOSTILE, HOSTILE_SOURCE, LANGUAGES

def all_html(site: Path):
    return {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


ESCAPED = ("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")


def test_hostile_text_is_accepted_and_shown_as_text_everywhere_it_appears(hostile):
    """The hostile indicator, source name and dataset title are shown, escaped, on the pages
    that list them (a figure of the hostile source is on so-di-tich-quoc-gia-dac-biet's page)."""
    for page in ("indicators/thu-ngan-sach/", "sources/", "data/", "data/budget/",
                 "en/sources/", "en/data/budget/", f"sources/{HOSTILE_SOURCE}/", f"en/sources/{HOSTILE_SOURCE}/",
                 "indicators/so-di-tich-quoc-gia-dac-biet/", "en/indicators/so-di-tich-quoc-gia-dac-biet/"):
        html = (hostile.site / page / "index.html").read_text(encoding="utf-8")
        assert any(e in html for e in ESCAPED), page


def test_no_markup_from_data_reaches_html(hostile):
    for path, html in all_html(hostile.site).items():
        assert '<script>alert("x")' not in html, path
        assert "<img src=x" not in html, path
        assert 'href="javascript:' not in html.lower(), path
        assert "<strong>đậm</strong>" not in html, path  # Markdown in data is not interpreted


def test_hostile_text_is_shown_literally(hostile):
    for lang in ("", "en/"):
        html = (hostile.site / lang / "indicators/thu-ngan-sach/index.html").read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or "&lt;script&gt;alert(&quot;x&quot;)" in html
        assert "{{ 7*7 }}" in html and "{% if 1 %}J{% endif %}" in html  # templates never evaluate data
        assert "[bấm](javascript:alert(1))" in html and "**đậm**" in html
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<script" not in title and "<img" not in title


def test_svg_and_chart_spec_keep_text_as_text(hostile):
    for lang in ("vi", "en"):
        svg = (hostile.site / f"charts/thu-ngan-sach.{lang}.svg").read_text(encoding="utf-8")
        assert "<script" not in svg and "alert" not in svg and "&lt;" not in svg  # no words from the data
    spec = json.loads((hostile.site / "charts/thu-ngan-sach.vi.vl.json").read_text(encoding="utf-8"))
    assert spec["title"]["text"] == HOSTILE  # a JSON string: vega renders it as text


def test_json_ld_cannot_be_broken_out_of(hostile):
    html = (hostile.site / "data/budget/index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["name"] == HOSTILE and "<" not in blocks[0]


def test_search_index_holds_text_not_markup(hostile):
    """Pagefind fragments are gzip + "pagefind_dcd" + JSON: the indexed text of the hostile
    page holds the data literally, as text."""
    import gzip
    found = []
    files = [f for lang in LANGUAGES for f in (hostile.site / lang.prefix / "pagefind").rglob("*.pf_fragment")]
    for file in files:
        data = gzip.decompress(file.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        if fragment["url"].endswith("/indicators/thu-ngan-sach/"):
            found.append(fragment)
    assert len(found) == len(LANGUAGES)  # one per language, each in its language's index
    for fragment in found:
        assert '<script>alert("x")</script> {{ 7*7 }}' in fragment["content"]


def test_embed_snippet_is_safe_to_paste(hostile):
    """What a reader copies from the page (the code block's text) holds the name escaped."""
    import html as htmllib
    for lang in ("", "en/"):
        page = (hostile.site / lang / "indicators/thu-ngan-sach/index.html").read_text(encoding="utf-8")
        code = re.search(r'<pre class="cb-embed"><code>(.*?)</code></pre>', page, re.S).group(1)
        snippet = htmllib.unescape(code)
        assert snippet.startswith("<iframe ") and "<script" not in snippet
        title = re.search(r'title="([^"]*)"', snippet).group(1)
        assert htmllib.unescape(title) == HOSTILE


def test_xlsx_keeps_formula_like_text_as_text(hostile):
    import openpyxl
    sheet = openpyxl.load_workbook(hostile.site / "data/budget.xlsx")["data"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == FORMULA]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)
