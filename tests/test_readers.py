"""English and phone readers, in Debian's chromium on the built site: the header search box of
each language searches that language and shows an indicator's latest value; at 360 × 740 no
page of any kind is wider than the screen, every table cell is on screen, every link and
button is at least 24 × 24 px, chart text shows at 10 px or more, and long lists are folded;
the interactive chart can be closed again."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import LANGUAGES

PHONE_WIDTH = 360
MIN_TARGET = 24  # px, WCAG 2.2 (2.5.8)
MIN_CHART_TEXT = 10  # px as displayed
# One page of each kind; the source pages and the targets page are long by nature (their
# sections are folded by their own templates) and are checked for width, cells and targets only.
PHONE_PAGES = ["", "topics/", "topics/xa-hoi/", "indicators/", "indicators/thu-ngan-sach/", "targets/", "data/",
               "data/budget/", "data/indicators/", "sources/", "sources/nq70-hdnd-2025/", "conflicts/", "programmes/",
               "profile/", "methodology/", "glossary/", "search/?q=du%20lich", "404.html"]
LONG_BY_NATURE = ("targets/", "sources/nq70-hdnd-2025/")
MAX_PHONE_HEIGHT = 12000  # px: about 16 screens


@pytest.mark.parametrize("lang_index, query, indicator, latest", [
    (0, "hộ nghèo", "indicators/ty-le-ho-ngheo/", "28,94%"),
    (1, "poverty", "indicators/ty-le-ho-ngheo/", "28.94%")])
def test_header_search_from_each_home_page(page, server, lang_index, query, indicator, latest):
    """indicators.csv / socioeconomic.csv: the poverty rate's latest result is 28.94% (2022)."""
    lang = LANGUAGES[lang_index]
    page.goto(server + lang.prefix, wait_until="networkidle")
    page.fill("#cb-search-input", query)
    page.press("#cb-search-input", "Enter")
    page.wait_for_url(f"**/{lang.prefix}search/?q=*")
    assert urlsplit(page.url).path == f"/{lang.prefix}search/"
    assert page.locator("html").get_attribute("lang") == str(lang)
    page.wait_for_function("() => document.querySelectorAll('#cb-search-results li').length > 0")
    hrefs = page.locator("#cb-search-results li > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    own = [h for h in hrefs if h.startswith("/" + lang.prefix)]
    others = [h for h in hrefs for other in LANGUAGES if other.prefix and other != lang and h.startswith("/" + other.prefix)]
    assert own and not others, hrefs
    item = page.locator("#cb-search-results li", has=page.locator(f'a[href="/{lang.prefix}{indicator}"]'))
    assert latest in item.locator(".cb-search-latest").inner_text()
    assert "2022" in item.locator(".cb-search-latest").inner_text()
    # a period with its own words in brackets ("2021–2025 (total for the period)") is not
    # bracketed again
    shown = page.locator("#cb-search-results .cb-search-latest").all_inner_texts()
    assert any(re.search(r"\d{4}–\d{4} \(", line) for line in shown), shown
    assert not [line for line in shown if re.search(r"\([^()]*\(", line)], shown
    assert not page.errors, page.errors


PHONE_JS = """(args) => {
  const [W, minTarget] = args;
  const visible = el => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || r.right <= 0 || r.left >= W) return null;
    const st = getComputedStyle(el);
    return st.visibility === 'hidden' ? null : r;
  };
  const cells = [], targets = [], charts = [];
  for (const el of document.querySelectorAll('article td, article th')) {
    const r = visible(el);
    if (r && (r.left < -0.5 || r.right > W + 0.5)) cells.push(el.textContent.trim().slice(0, 40) + ' ' + Math.round(r.left) + '-' + Math.round(r.right));
  }
  for (const el of document.querySelectorAll('a[href], button, summary, input:not([type=hidden]), select')) {
    const r = visible(el);
    if (r && (r.width < minTarget - 0.5 || r.height < minTarget - 0.5))
      targets.push(el.tagName + ' "' + el.textContent.trim().slice(0, 30) + '" ' + r.width.toFixed(1) + 'x' + r.height.toFixed(1));
  }
  for (const img of document.querySelectorAll('article img[src$=".svg"]')) {
    const r = img.getBoundingClientRect();
    if (r.width > 0) charts.push([img.src, r.width]);
  }
  return {width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight,
          cells, targets, charts};
}"""


def smallest_text(svg: str) -> float:
    """The smallest font size an SVG drawing uses, in px of the drawing."""
    sizes = [float(x) for x in re.findall(r'font-size[=:]\s*"?([\d.]+)px', svg)]
    assert sizes, "no text found in the chart"
    return min(sizes)


def test_phone_every_page_kind_fits_the_screen(phone, server):
    problems, smallest, tallest = [], {}, {}
    svg_cache: dict[str, tuple[float, float]] = {}
    for lang in LANGUAGES:
        for path in PHONE_PAGES:
            url = lang.prefix + path
            phone.goto(server + url, wait_until="load")
            if "search/" in path:
                phone.wait_for_function("() => document.querySelectorAll('#cb-search-results li').length > 0")
            found = phone.evaluate(PHONE_JS, [PHONE_WIDTH, MIN_TARGET])
            if found["width"] > PHONE_WIDTH:
                problems.append(f"{url}: page is {found['width']} px wide")
            problems += [f"{url}: cell off screen: {c}" for c in found["cells"][:3]]
            problems += [f"{url}: small target: {t}" for t in found["targets"][:3]]
            if not path.startswith(LONG_BY_NATURE) and found["height"] > MAX_PHONE_HEIGHT:
                problems.append(f"{url}: {found['height']} px tall")
            tallest[url] = found["height"]
            for src, shown in found["charts"]:
                if src not in svg_cache:
                    svg = phone.request.get(src).text()
                    width = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', svg).group(1))
                    svg_cache[src] = (smallest_text(svg), width)
                size, width = svg_cache[src]
                smallest[f"{url} {src.rsplit('/', 1)[-1]}"] = size * shown / width
    small = {k: round(v, 1) for k, v in smallest.items() if v < MIN_CHART_TEXT}
    assert len(smallest) >= 6, smallest  # the home, topic, indicator and targets charts were measured
    assert not small, f"chart text under {MIN_CHART_TEXT} px: {small}"
    assert not problems, "\n".join(problems)
    assert not phone.errors, phone.errors


def test_phone_tables_are_cards_with_labels(phone, server):
    """On a phone a figure row is a card: no header row shown, each value with its column's name."""
    phone.goto(server + "en/indicators/thu-ngan-sach/", wait_until="networkidle")
    table = phone.locator("table.cb-figures").first
    assert table.locator("thead").evaluate("e => e.getBoundingClientRect().height") <= 1
    cell = table.locator("tbody tr").first.locator('td[data-label="Source"]')
    label = cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert "Source" in label
    assert cell.locator("a.cb-report").inner_text() == "Report an error"
    box = cell.locator("a.cb-report").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24


@pytest.mark.parametrize("path", ["en/indicators/thu-ngan-sach/", ""])
def test_interactive_chart_can_be_closed(page, server, path):
    page.goto(server + path, wait_until="networkidle")
    figure = page.locator("figure.cb-chart").first
    still = figure.locator("img").first
    open_button, close_button = figure.locator(".cb-chart-interactive"), figure.locator(".cb-chart-close")
    assert figure.locator(".cb-chart-note").is_visible() and not close_button.is_visible()
    open_button.click()
    figure.locator(".cb-chart-live svg").wait_for(timeout=15000)
    assert not still.is_visible() and not open_button.is_visible()
    assert close_button.is_visible() and close_button.evaluate("b => b === document.activeElement")
    close_button.click()
    assert still.is_visible() and open_button.is_visible() and not close_button.is_visible()
    assert figure.locator(".cb-chart-live").count() == 0
    assert open_button.evaluate("b => b === document.activeElement")
    assert not page.errors, page.errors


def test_hreflang_links_cause_no_request(page, server):
    """Absolute alternates are safe now that no page loads Material's script (which fetched
    sitemap.xml next to each one); the `page` fixture also fails on any request off the machine."""
    page.goto(server + "en/indicators/thu-ngan-sach/", wait_until="networkidle")
    assert page.locator('link[rel="alternate"][hreflang="x-default"]').count() == 1
    assert not [u for u in page.requests if "sitemap" in u]


def test_not_found_page_helps_in_its_language(page, server):
    page.goto(server + "en/404.html", wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    page.fill("#cb-404-search", "tourism")
    page.press("#cb-404-search", "Enter")
    page.wait_for_url("**/en/search/?q=tourism")
    page.wait_for_function("() => document.querySelectorAll('#cb-search-results li').length > 0")
    assert not page.errors, page.errors
