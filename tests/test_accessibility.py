"""axe-core (bundled by axe-playwright-python, no download) on one page of every type in both
languages, in Debian's chromium: zero violations of WCAG 2.0/2.1/2.2 A and AA and best-practice
rules at desktop width, and of the width-dependent rules at phone width.

Each page and width is a test of its own; pytest-xdist spreads them over the cores."""
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

CHECKS = [(lang.prefix + path, width) for lang in LANGUAGES for path in PAGES for width in ("desktop", "phone")]


@pytest.fixture(scope="session")
def contexts(browser):
    """One browser context per width, reused page after page (axe is injected as each page starts)."""
    made = {}
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        made[width] = browser.new_context(viewport=viewport)
        made[width].add_init_script(AXE)
    yield made
    for context in made.values():
        context.close()


@pytest.mark.parametrize("path, width", CHECKS, ids=[f"{p or 'home'}-{w}" for p, w in CHECKS])
def test_no_axe_violations(contexts, server, path, width):
    page = contexts[width].new_page()
    try:
        page.goto(server + path, wait_until="load")
        if "search/" in path:
            page.wait_for_function("() => document.getElementById('cb-search-status').textContent.length > 0")
        # every rule of the tags at desktop width; at phone width, the rules the width changes
        # (the others give the same answer). Only violations are reported back (faster).
        options = ({"runOnly": {"type": "tag", "values": TAGS}} if width == "desktop"
                   else {"runOnly": {"type": "rule", "values": WIDTH_RULES}})
        options["resultTypes"] = ["violations"]
        result = page.evaluate("options => axe.run(document, options)", options)
    finally:
        page.close()
    problems = [f"{v['id']} ({v['impact']}): {v['help']} — {n['target']}"
                for v in result["violations"] for n in v["nodes"][:3]]
    assert not problems, "\n".join(problems[:20])
