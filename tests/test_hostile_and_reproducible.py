"""Untrusted text in the data is shown literally everywhere, and the build is byte-reproducible."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from cbod import pipeline
from conftest import HOSTILE, copy_project

def all_html(site: Path):
    return {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_hostile_text_is_accepted_as_data(hostile):
    assert (hostile.site / "indicators/thu-ngan-sach/index.html").is_file()


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
    fragments = list((hostile.site / "pagefind").rglob("*.pf_fragment"))
    assert fragments  # compressed; the browser test checks what the search page shows


def file_hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(built, tmp_path):
    """Same data, another folder, another run: every output file has the same bytes."""
    second = copy_project(tmp_path / "again")
    assert pipeline.build(second).ok
    first_hashes, second_hashes = file_hashes(built.site), file_hashes(second.site)
    assert sorted(first_hashes) == sorted(second_hashes)
    differ = [name for name in first_hashes if first_hashes[name] != second_hashes[name]]
    assert not differ, differ[:20]
