"""axe-core (bundled by axe-playwright-python, no download) on one page of every type in both
languages, in Debian's chromium: zero violations of WCAG 2.1 A/AA and best-practice rules."""
from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PAGES = ["", "topics/", "topics/ngan-sach/", "indicators/", "indicators/thu-ngan-sach/", "targets/",
         "data/", "data/budget/", "sources/", "sources/bcct-dh20-2025/", "conflicts/", "programmes/",
         "profile/", "methodology/", "glossary/", "about/", "changelog/", "search/?q=du%20lich"]


PHONE = {"width": 390, "height": 844}
PHONE_PAGES = ["", "indicators/thu-ngan-sach/", "data/budget/", "sources/dtbcct-dh19-2020/", "conflicts/"]


@pytest.mark.parametrize("lang", ["", "en/"], ids=["vi", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(page, server, lang, path):
    check(page, server + lang + path, path)


@pytest.mark.parametrize("lang", ["", "en/"], ids=["vi", "en"])
@pytest.mark.parametrize("path", PHONE_PAGES)
def test_no_axe_violations_on_a_phone(page, server, lang, path):
    """Tables and code scroll sideways on a narrow screen: each scrolling region must be
    reachable by keyboard and labelled. No theme JavaScript adds tab stops any more (pages
    load only our scripts), so the markup itself must provide them."""
    page.set_viewport_size(PHONE)
    check(page, server + lang + path, path)


def check(page, url: str, path: str) -> None:
    page.goto(url, wait_until="networkidle")
    if path.startswith("search/"):
        page.wait_for_function("document.getElementById('cb-search-status').textContent.length > 0")
    page.add_script_tag(content=AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    problems = [f"{v['id']} ({v['impact']}): {v['help']} — {n['target']}"
                for v in result["violations"] for n in v["nodes"][:3]]
    assert not problems, "\n".join(problems[:20])
