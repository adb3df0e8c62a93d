"""axe-core (bundled by axe-playwright-python, no download) on one page of every type in both
languages, in Debian's chromium: zero violations of WCAG 2.0/2.1/2.2 A and AA and best-practice
rules at desktop width, and of the width-dependent rules at phone width.

Each page is a test of its own (pytest-xdist spreads them over the cores): it is loaded once at
desktop width, in the one tab each worker reuses, checked, narrowed to phone width (the page lays itself out again, as when a
window is resized) and checked again. A page loaded at phone width from the start gives the
same answers (tested below on the widest tables)."""
from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest

from conftest import LANGUAGES

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# What changes with the width of the screen: scrolling regions, tap targets, the viewport.
WIDTH_RULES = ["scrollable-region-focusable", "target-size", "meta-viewport", "meta-viewport-large"]
PAGES = ["", "404.html", "topics/", "topics/ngan-sach/", "indicators/", "indicators/thu-ngan-sach/",
         "indicators/ty-le-ho-ngheo/", "targets/", "targets/2020-2025/", "data/", "data/budget/", "sources/",
         "sources/bcct-dh20-2025/",
         "sources/dtbcct-dh19-2020/", "conflicts/", "programmes/", "profile/", "methodology/", "glossary/",
         "about/", "changelog/", "search/?q=du%20lich"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}

CHECKS = [lang.prefix + path for lang in LANGUAGES for path in PAGES]
# every rule of the tags at desktop width; at phone width, the rules the width changes (the
# others give the same answer). Only violations are reported back (faster).
DESKTOP_RULES = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
PHONE_RULES = {"runOnly": {"type": "rule", "values": WIDTH_RULES}, "resultTypes": ["violations"]}


@pytest.fixture(scope="session")
def tab(browser):
    """One tab, reused page after page (axe is injected as each page starts): a new tab costs
    a new renderer, about 0.3 s of the 0.5 s that opening a page takes."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(AXE)
    made = context.new_page()
    yield made
    context.close()


def axe_problems(page, options: dict) -> list[str]:
    result = page.evaluate("options => axe.run(document, options)", options)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {n['target']}"
            for v in result["violations"] for n in v["nodes"][:3]]


def open_page(page, url: str, viewport: dict):
    """`url` loaded in the reused tab at the width of `viewport`."""
    page.set_viewport_size(viewport)
    page.goto(url, wait_until="load")
    assert page.evaluate("() => window.innerWidth") == viewport["width"]
    if "search/" in url:
        page.wait_for_function("() => document.getElementById('cb-search-status').textContent.length > 0")
    return page


def narrow(page) -> None:
    """The open page narrowed to phone width, once it has laid itself out again."""
    page.set_viewport_size(PHONE)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.evaluate("() => window.innerWidth") == PHONE["width"]


@pytest.mark.parametrize("path", CHECKS, ids=[p or "home" for p in CHECKS])
def test_no_axe_violations(tab, server, path):
    page = open_page(tab, server + path, DESKTOP)
    problems = [f"desktop: {p}" for p in axe_problems(page, DESKTOP_RULES)]
    narrow(page)
    problems += [f"phone: {p}" for p in axe_problems(page, PHONE_RULES)]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("path", ["sources/dtbcct-dh19-2020/", "en/data/budget/"])
def test_a_page_narrowed_to_phone_width_answers_as_one_opened_there(tab, server, path):
    """The phone check above narrows a page loaded at desktop width. On the pages with the
    widest tables, axe's answers at phone width are those of the page opened at phone width,
    and they are about the phone layout (the tables have become cards)."""
    answers = []
    for first in (DESKTOP, PHONE):
        page = open_page(tab, server + path, first)
        narrow(page)
        result = page.evaluate("options => axe.run(document, Object.assign({}, options, "
                               "{resultTypes: ['violations', 'passes', 'incomplete']}))", PHONE_RULES)
        answers.append({kind: sorted((r["id"], len(r["nodes"])) for r in result[kind])
                        for kind in ("violations", "passes", "incomplete")})
        assert page.evaluate("() => getComputedStyle(document.querySelector('table.cb-reflow tbody tr')).display") != "table-row"
    assert answers[0] == answers[1]
