"""Real Chromium (Debian's /usr/bin/chromium driven by Playwright) on the built site,
served from 127.0.0.1. No request may leave the machine."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

def test_home_renders_without_console_errors(page, server):
    page.goto(server, wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").first.inner_text().strip() == "Dữ liệu mở Cao Bằng"
    chart = page.locator("figure.cb-chart img").first
    assert chart.get_attribute("src").endswith(".svg")
    assert chart.evaluate("i => i.complete && i.naturalWidth > 0"), "the chart SVG did not paint"
    page.locator(".cb-chart-interactive").first.click()
    page.locator(".cb-chart-live svg, .cb-chart-live canvas").first.wait_for(timeout=15000)
    assert not page.errors, page.errors
    assert not page.failed, page.failed


def test_indicator_chart_paints_and_becomes_interactive(page, server):
    page.goto(server + "indicators/thu-ngan-sach/", wait_until="networkidle")
    img = page.locator("figure.cb-chart img")
    assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    assert not any("vega-bundle" in u for u in page.requests), "runtime loaded before it was needed"
    page.locator(".cb-chart-interactive").click()
    page.locator(".cb-chart-live svg").wait_for(timeout=15000)
    assert any("vega-bundle" in u for u in page.requests)
    assert not page.errors, page.errors


def test_language_switch_keeps_the_page(page, server):
    page.goto(server + "indicators/thu-ngan-sach/", wait_until="load")
    page.locator(".md-select").first.hover()
    page.locator('.md-select a[hreflang="en"]').first.click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == "/en/indicators/thu-ngan-sach/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-select").first.hover()
    page.locator('.md-select a[hreflang="vi"]').first.click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == "/indicators/thu-ngan-sach/"


def test_csv_download_link_returns_the_file(page, server, built):
    page.goto(server + "indicators/thu-ngan-sach/", wait_until="load")
    href = page.locator('a[href$="by-indicator/thu-ngan-sach.csv"]').get_attribute("href")
    response = page.request.get(page.url + href)
    assert response.status == 200
    assert response.body() == (built.site / "data/by-indicator/thu-ngan-sach.csv").read_bytes()
    lines = response.text().splitlines()
    # ids, and the words beside them: no catalogue to join
    assert lines[0].startswith("indicator_id,indicator_name_vi,indicator_name_en,period_start,period_end")
    assert len(lines) - 1 == sum(1 for line in (built.root / "data/figures/budget.csv").read_text(
        encoding="utf-8").splitlines() if line.startswith("thu-ngan-sach,"))


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_chart_files_download_without_javascript(browser, server, fmt):
    """The chart for publication is a file drawn at build time, linked plainly: with
    JavaScript off it downloads, with its title, legend, source and licence."""
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(server + "en/indicators/tang-truong-grdp/", wait_until="load")
        assert not page.locator("button.cb-copy").first.is_visible()  # copy buttons need scripts: hidden
        with page.expect_download(timeout=20000) as info:
            page.locator(f'a[href$="tang-truong-grdp.en.{fmt}"][download]').click()
        data = open(info.value.path(), "rb").read()
        assert info.value.suggested_filename == f"tang-truong-grdp.en.{fmt}"
    finally:
        context.close()
    if fmt == "svg":
        text = data.decode("utf-8")
        for words in ("GRDP growth rate", "Target", "Result", "Source:", "CC BY 4.0", "caobang-opendata.github.io"):
            assert words in text
        assert "Mục tiêu" not in text
    else:
        assert data.startswith(b"\x89PNG") and data[16:24] == (1200).to_bytes(4, "big") + (630).to_bytes(4, "big")


@pytest.mark.parametrize("prefix, copied", [("", "Đã sao chép vào bộ nhớ tạm"), ("en/", "Copied to the clipboard")])
def test_copy_buttons_copy_the_citation_and_say_so(browser, server, prefix, copied):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(server + prefix + "indicators/thu-ngan-sach/", wait_until="load")
        status = page.locator("#cb-copy-status")
        page.get_by_role("button", name="BibTeX").click()
        page.wait_for_function("() => document.getElementById('cb-copy-status').textContent.length > 0")
        assert status.text_content() == copied
        assert page.evaluate("navigator.clipboard.readText()") == page.locator("#c-bibtex").text_content().strip()
        # a figure's own citation: open its row's "Cite", copy, and its address ends with the row's anchor
        row = page.locator("tr[id^='f-2021-2025-actual-']")
        anchor = row.get_attribute("id")
        row.locator("summary").click()
        row.locator("button.cb-copy").click()
        page.wait_for_function(f"() => navigator.clipboard.readText().then(t => t.endsWith('#{anchor}'))")
        assert "13" in page.evaluate("navigator.clipboard.readText()")
        assert not errors, errors
    finally:
        context.close()


def search(page, server, query, lang_prefix=""):
    page.goto(server + lang_prefix + "search/?q=" + query, wait_until="load")
    page.wait_for_function("() => document.getElementById('cb-search-status').textContent.length > 0")
    # every result's link and highlighted words, read in one call (not two calls a result)
    return [tuple(hit) for hit in page.locator("#cb-search-results li").evaluate_all(
        "items => items.map(li => [li.querySelector('a').getAttribute('href'),"
        " Array.from(li.querySelectorAll('mark'), m => m.innerText)])")]


@pytest.mark.parametrize("query", ["du lich", "du lịch", "DU LICH"])
def test_search_finds_tourism_with_or_without_diacritics(page, server, query):
    hits = search(page, server, query)
    assert "/topics/du-lich/" in [h for h, _ in hits], hits


def test_search_folds_d_stroke_and_highlights_the_real_word(page, server):
    hits = dict(search(page, server, "dau"))  # one word: cannot pass on another word of the query
    marks = hits.get("/indicators/dau-tu-cong/")
    assert marks is not None, list(hits)
    assert any(m.lower() == "đầu" for m in marks), marks


def test_search_finds_document_numbers(page, server):
    for query, expected in (("70/NQ-HĐND", "/sources/nq70-hdnd-2025/"), ("06-CTr/TU", "/sources/hd-ctr06-2025/")):
        assert expected in [h for h, _ in search(page, server, query)], query


def test_search_english_index_is_separate(page, server):
    hits = search(page, server, "tourism", "en/")
    assert hits and all(h.startswith("/en/") for h, _ in hits), hits


def test_header_search_box_on_every_page(page, server):
    page.goto(server + "indicators/thu-ngan-sach/", wait_until="load")
    page.fill("#cb-search-input", "ngan sach")
    page.press("#cb-search-input", "Enter")
    page.wait_for_url("**/search/?q=ngan+sach")
    page.wait_for_function("() => document.querySelectorAll('#cb-search-results li').length > 0")
    assert not page.errors, page.errors


def test_hostile_data_runs_no_script_in_pages_charts_or_search(page, hostile_server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_server + "indicators/thu-ngan-sach/", wait_until="networkidle")
    assert "<script>" in page.locator("h1").inner_text()  # shown as text
    page.locator(".cb-chart-interactive").click()
    page.locator(".cb-chart-live svg").wait_for(timeout=15000)
    page.locator(".cb-chart-live svg").hover()
    page.goto(hostile_server + "search/?q=alert", wait_until="networkidle")
    page.wait_for_function("() => document.getElementById('cb-search-status').textContent.length > 0")
    assert page.locator("#cb-search-results li").count() > 0
    assert page.locator("#cb-search-results img").count() == 0
    page.goto(hostile_server + "data/budget/", wait_until="networkidle")
    assert not dialogs, dialogs


def test_site_works_under_a_sub_path(browser, built):
    """As on a GitHub Pages project URL: the site served below /caobang/."""
    import tempfile
    from pathlib import Path
    from cbod.dev import serve
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "caobang").symlink_to(built.site)
        httpd, root = serve(Path(tmp))
        base = root + "caobang/"
        ctx = browser.new_context()
        pg = ctx.new_page()
        failed = []
        pg.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        try:
            pg.goto(base + "indicators/thu-ngan-sach/", wait_until="networkidle")
            pg.locator('a[href$="by-indicator/thu-ngan-sach.csv"]').first.wait_for()
            pg.goto(base + "search/?q=du%20lich", wait_until="networkidle")
            pg.wait_for_function("() => document.querySelectorAll('#cb-search-results li').length > 0")
            hrefs = pg.locator("#cb-search-results a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
            assert hrefs and all(h.startswith("/caobang/") for h in hrefs), hrefs
            pg.goto(base + "en/", wait_until="networkidle")
            assert not failed, failed
        finally:
            ctx.close()
            httpd.shutdown()


def test_make_serve_shows_a_one_cell_edit_and_the_problems_of_a_bad_one(browser, built, tmp_path):
    """The preview reloads the open page by itself after a data edit, and shows the problems
    of an edit that breaks the data (budget.csv row 3: thu-ngan-sach 2021–2025, 13670)."""
    from cbod.serve import Preview
    from conftest import copy_build
    from helpers import set_cell

    project = copy_build(built, tmp_path / "project")
    preview = Preview(project)
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.goto(preview.url + "indicators/thu-ngan-sach/", wait_until="load")
        assert "13.670" in pg.content() and "13.679" not in pg.content()
        with pg.expect_navigation(timeout=60000):  # the page reloads by itself
            set_cell(project.root / "data/figures/budget.csv", 3, "value", "13679")
        assert "13.679" in pg.content()
        set_cell(project.root / "data/figures/budget.csv", 3, "value", "13.679,5")
        alert = pg.locator('pre[role="alert"]')
        alert.wait_for(timeout=60000)
        assert "data/figures/budget.csv:3 [value]" in alert.inner_text()
        assert "13.679" in pg.content()  # the last good build stays
    finally:
        context.close()
        preview.close()
