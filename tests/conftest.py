"""Shared fixtures: a throw-away copy of the project, and one real build of it."""
from __future__ import annotations

import json
import shutil
import sys
from urllib.parse import urlsplit
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cbod import pipeline  # noqa: E402
from cbod.paths import Paths  # noqa: E402
from bench import weight as bench_weight  # noqa: E402
from bench.weight import ARGS, CHROMIUM  # noqa: E402
from helpers import read_rows, set_cell  # noqa: E402

PROJECT_FILES = ("datapackage.json", "mkdocs.yml", "data", "site_src")


def copy_project(dest: Path, reuse_cache: bool = True) -> Paths:
    """The data and site sources of this repository, copied to `dest` (code is imported from the repo).

    With `reuse_cache`, chart SVGs already drawn in this checkout's build/cache are copied too
    (same content hash, same bytes); a clean clone has none, and then every chart is drawn."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy2(src, dest / name)
    cache = REPO / "build" / "cache"
    if reuse_cache and cache.is_dir():  # reuse rendered chart SVGs and the JS bundle: same content hash, same bytes
        shutil.copytree(cache, dest / "build" / "cache")
    return Paths(dest)


@pytest.fixture
def project(tmp_path) -> Paths:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Paths:
    """One full build of the real data, shared by the build-output and browser tests."""
    paths = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = pipeline.build(paths)
    assert result.ok, "\n".join(result.report.lines())
    return paths


HOSTILE = ('<script>alert("x")</script> {{ 7*7 }} {% if 1 %}J{% endif %} '
           '[bấm](javascript:alert(1)) **đậm** <img src=x onerror=alert(2)> &amp; "q" \'s\'')


FORMULA = '=HYPERLINK("https://example.invalid/","x")'


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    paths = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    root = paths.root
    ind = root / "data/catalogues/indicators.csv"
    rows = read_rows(ind)
    row = next(i + 1 for i, r in enumerate(rows) if r[0] == "thu-ngan-sach")
    for column in ("name_vi", "name_en", "description_vi", "description_en"):
        set_cell(ind, row, column, HOSTILE)
    budget = root / "data/figures/budget.csv"
    rows = read_rows(budget)
    row = next(i + 1 for i, r in enumerate(rows) if r[0] == "thu-ngan-sach")
    for column in ("note_vi", "note_en", "locator"):
        set_cell(budget, row, column, HOSTILE)
    for column in ("note_vi", "note_en"):  # a spreadsheet formula, for the XLSX download
        set_cell(budget, row + 1, column, FORMULA)
    src = root / "data/catalogues/sources.csv"
    set_cell(src, 2, "short_vi", HOSTILE)
    set_cell(src, 2, "short_en", HOSTILE)
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for r in package["resources"]:
        if r["name"] == "budget":
            r["title"] = r["title_vi"] = HOSTILE
    (root / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    result = pipeline.build(paths)
    assert result.ok, "\n".join(result.report.lines()[:10])
    return paths




# --- real browser: Debian's chromium driven by Playwright, pages served from 127.0.0.1 ---

def serve(site):
    """The site served gzip-compressed from 127.0.0.1 (the same server as the benchmark's)."""
    httpd, _ = bench_weight.serve(site)
    return httpd


@pytest.fixture(scope="module")
def server(built):
    httpd = serve(built.site)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def hostile_server(hostile):
    httpd = serve(hostile.site)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors, pg.requests, pg.failed = [], [], []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("requestfailed", lambda r: pg.failed.append(r.url))
    yield pg
    external = [u for u in pg.requests if urlsplit(u).hostname not in ("127.0.0.1", None) and not u.startswith("data:")]
    assert not external, f"requests left the site: {external}"
    context.close()


