"""Two more judges of the built pages besides axe (tests/test_accessibility.py): the W3C Nu HTML
Checker (vnu.jar) on every page, and pa11y with HTML_CodeSniffer (WCAG 2 AA) on one page of
each kind in both languages. Both are pinned in package.json and installed by `make test`
(`npm ci`, no download of Java or a browser); the theme's markup they flag is fixed in
site_src/overrides, never by rewriting the output."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import LANGUAGES, REPO
from cbod.dev import CHROMIUM

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = REPO / "tests" / "node" / "pa11y.js"
# One page of each kind (the search page with results), and the not-found page.
PA11Y_PAGES = ["", "topics/ngan-sach/", "indicators/thu-ngan-sach/", "targets/", "data/", "data/budget/",
               "sources/nq70-hdnd-2025/", "profile/", "programmes/", "methodology/", "search/?q=du%20lich",
               "404.html"]


def vnu_errors(site: Path) -> list[dict]:
    # Java's client compiler only (TieredStopAtLevel=1): the checker's run is too short for the
    # optimising compiler to pay back its threads, about half the CPU time for the same report;
    # its deeper frames need a larger stack than the checker's 512k minimum. One collector
    # thread (SerialGC) for a one-thread checker: about 9 % less CPU time, the same report.
    out = subprocess.run(["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json",
                          str(site)], capture_output=True, text=True, timeout=600)
    report = json.loads(out.stderr or out.stdout)  # vnu writes its JSON report to stderr
    return [m for m in report["messages"] if m.get("type") == "error" or m.get("subType") == "fatal"]


def needs(tool: str, path: Path) -> None:
    if shutil.which(tool) is None or not path.is_file():
        pytest.fail(f"{path.relative_to(REPO)} or {tool} missing: run `make validators` (make test does)")


def test_nu_html_checker_finds_no_error_on_any_page(built):
    needs("java", VNU)
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) > 800 and (built.site / "en" / "404.html") in pages
    errors = vnu_errors(built.site)
    shown = [f"{Path(m['url'].removeprefix('file:')).relative_to(built.site)}:{m.get('lastLine')}: {m['message']}"
             for m in errors[:20]]
    assert not errors, f"{len(errors)} errors\n" + "\n".join(shown)


def test_nu_html_checker_catches_what_it_is_here_for(tmp_path):
    """The checker really runs and reports the theme's old faults (so the test above can fail)."""
    needs("java", VNU)
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<input type="checkbox" id="x" autocomplete="off"><label for="x" tabindex="">x</label>'
        '<form action=""><input name="q"></form></body></html>', encoding="utf-8")
    messages = " | ".join(m["message"] for m in vnu_errors(tmp_path))
    assert "autocomplete" in messages and "tabindex" in messages and "action" in messages


def pa11y(base: str, paths: list[str]) -> dict[str, list[dict]]:
    needs("node", PA11Y)
    out = subprocess.run(["node", str(PA11Y), base, *paths], capture_output=True, text=True, timeout=600,
                         cwd=REPO, env=dict(os.environ, CHROMIUM=CHROMIUM))
    assert out.returncode == 0, out.stderr[-2000:]
    issues = json.loads(out.stdout)
    assert sorted(issues) == sorted(paths)  # every page was tested
    return issues


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES, ids=str)
def test_pa11y_html_codesniffer_finds_no_error(server, lang):
    issues = pa11y(server, [lang.prefix + p for p in PA11Y_PAGES])
    problems = [f"{path}: {i['code']} {i['selector']} — {i['message']}" for path, found in issues.items() for i in found]
    assert not problems, "\n".join(problems[:30])


@pytest.mark.browser
def test_pa11y_catches_an_unlabelled_checkbox(tmp_path):
    """The old fault of the theme's #__search toggle, on a page of its own: pa11y reports it."""
    from cbod.dev import serve
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<input type="checkbox" id="__search"><main><h1>t</h1></main></body></html>', encoding="utf-8")
    httpd, base = serve(tmp_path)
    try:
        issues = pa11y(base, ["bad.html"])["bad.html"]
    finally:
        httpd.shutdown()
    assert any(i["selector"] == "#__search" for i in issues), issues
