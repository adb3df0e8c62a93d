"""Shared fixtures: a throw-away copy of the project, one real build of it (and one of a
hostile variant), and a browser.

Builds are shared by the whole run, also across pytest-xdist workers: the first worker
that needs one builds it under a file lock, the others wait and reuse it. Shared builds
are read-only; a test that changes a build works on a copy of its own."""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from filelock import FileLock

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cbod import pipeline  # noqa: E402
from cbod.dev import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from cbod.files import MEMORY, in_memory  # noqa: E402
from cbod.languages import load_languages  # noqa: E402
from cbod.paths import Paths  # noqa: E402
from helpers import read_rows, set_cell  # noqa: E402


def _temporary_folders_in_memory(room: int = 8 << 30) -> None:
    """The run's temporary folders (tmp_path: the shared builds and every copy of them) in
    memory when it has `room` bytes free: the suite writes tens of thousands of small files.
    pytest reads PYTEST_DEBUG_TEMPROOT when it makes its first temporary folder; one set by the
    caller wins."""
    if "PYTEST_DEBUG_TEMPROOT" not in os.environ and in_memory(room):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(MEMORY)


_temporary_folders_in_memory()

PROJECT_FILES = ("datapackage.json", "mkdocs.yml", "data", "site_src")
LANGUAGES = load_languages(REPO / "site_src" / "site.yml")
VI, EN = LANGUAGES


def copy_project(dest: Path, reuse_cache: bool = True, cache_from: Path | None = None) -> Paths:
    """The data and site sources of this repository, copied to `dest` (code is imported from the repo).

    With `reuse_cache`, chart SVGs and chart card PNGs already drawn (in `cache_from`, or this
    checkout's build/cache) are copied too: same content hash, same bytes. A clean clone has
    none, and then every chart is drawn."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy2(src, dest / name)
    cache = cache_from or REPO / "build" / "cache"
    if reuse_cache and cache.is_dir():
        for drawn in ("svg", "png"):
            if (cache / drawn).is_dir():
                shutil.copytree(cache / drawn, dest / "build" / "cache" / drawn, dirs_exist_ok=True)
        for bundle in cache.glob("vega-bundle-*.js"):
            shutil.copy2(bundle, dest / "build" / "cache" / bundle.name)
    return Paths(dest)


# The folders of a build whose files are only ever replaced, never rewritten in place (a new
# file renamed over the old one: cbod/files.py, Jinja's and the chart, XLSX and validation
# caches): a private copy shares their files with the shared build as hard links. The rest
# (data, sources, the small state files) is copied.
LINKED = ("site/", "build/site/", "build/docs/", "build/static/", "build/cache/svg/", "build/cache/png/",
          "build/cache/xlsx/", "build/cache/frictionless/", "build/cache/search/", "build/cache/jinja/", "build/cache/jinja-theme/")


def copy_build(paths: Paths, dest: Path) -> Paths:
    """A private copy of a built project (sources, build/ and site/), for tests that change it.
    A test never writes into the copy's site or build folders in place (write a new file and
    rename it over the old one): the shared build would see it (`_shared` checks, at the end)."""
    def copy(src: str, dst: str) -> None:
        rel = Path(src).relative_to(paths.root).as_posix()
        if rel.startswith(LINKED):
            os.link(src, dst)
        else:
            shutil.copy2(src, dst)
    shutil.copytree(paths.root, dest, symlinks=True, copy_function=copy)
    return Paths(dest)


@pytest.fixture
def project(tmp_path) -> Paths:
    """A copy of the data and sources (no chart cache: tests of broken data never draw)."""
    return copy_project(tmp_path / "project", reuse_cache=False)


def _shared(tmp_path_factory, worker_id: str, name: str, make):
    """The shared build `name`, made by the first worker that asks; yields it, then checks that
    no test changed a file of its site (a private copy written in place would)."""
    base = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        base = base.parent  # the run's folder, shared by all workers
    folder = base / f"shared-{name}"
    with FileLock(str(folder) + ".lock"):
        if not (folder / "done").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder / "project")
            (folder / "done").write_text(json.dumps(_stats(Paths(folder / "project").site)), encoding="utf-8")
    paths = Paths(folder / "project")
    yield paths
    recorded = json.loads((folder / "done").read_text(encoding="utf-8"))
    assert _stats(paths.site) == recorded, f"a test changed the shared build {name!r} in place"


def _stats(site: Path) -> dict[str, list[int]]:
    """Size and modification time of every file of a site (what an in-place write changes)."""
    from cbod.files import walk_files
    return {rel: [(site / rel).stat().st_size, (site / rel).stat().st_mtime_ns] for rel in walk_files(site)}


@pytest.fixture(scope="session")
def built(tmp_path_factory, worker_id) -> Paths:
    """One full build of the real data, shared by the build-output and browser tests."""
    def make(dest: Path) -> None:
        result = pipeline.build(copy_project(dest))
        assert result.ok, "\n".join(result.report.lines())
    yield from _shared(tmp_path_factory, worker_id, "built", make)


HOSTILE = ('<script>alert("x")</script> {{ 7*7 }} {% if 1 %}J{% endif %} '
           '[bấm](javascript:alert(1)) **đậm** <img src=x onerror=alert(2)> &amp; "q" \'s\'')


HOSTILE_SOURCE = "hd-ctr06-2025"
FORMULA = '=HYPERLINK("https://example.invalid/","x")'


@pytest.fixture(scope="session")
def hostile(tmp_path_factory, worker_id, built) -> Paths:
    """A build where one indicator, one source and one dataset carry markup, template syntax
    and a spreadsheet formula in every text cell that reaches a page or a file."""
    def make(dest: Path) -> None:
        paths = copy_build(built, dest)  # only the pages the hostile text reaches are rebuilt
        root = paths.root
        ind = root / "data/catalogues/indicators.csv"
        rows = read_rows(ind)
        row = next(i + 1 for i, r in enumerate(rows) if r[0] == "thu-ngan-sach")
        for column in ("name_vi", "name_en", "description_vi", "description_en"):
            set_cell(ind, row, column, HOSTILE)
        budget = root / "data/figures/budget.csv"
        rows = read_rows(budget)
        row = next(i + 1 for i, r in enumerate(rows) if r[0] == "thu-ngan-sach")
        header = rows[0]
        for column in ("note_vi", "note_en", "locator", "locator_en"):
            if column in header:
                set_cell(budget, row, column, HOSTILE)
        for column in ("note_vi", "note_en"):  # a spreadsheet formula, for the XLSX download
            set_cell(budget, row + 1, column, FORMULA)
        # the source with the fewest figures (every chart card names its sources, and the cards
        # of a source's indicators are drawn again): its list, page and figure rows show it
        src = root / "data/catalogues/sources.csv"
        row = next(i + 1 for i, r in enumerate(read_rows(src)) if r[0] == HOSTILE_SOURCE)
        set_cell(src, row, "short_vi", HOSTILE)
        set_cell(src, row, "short_en", HOSTILE)
        package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        for r in package["resources"]:
            if r["name"] == "budget":
                r["title"] = r["title_vi"] = HOSTILE
        (root / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
        result = pipeline.build(paths)
        assert result.ok, "\n".join(result.report.lines()[:10])
    yield from _shared(tmp_path_factory, worker_id, "hostile", make)


# --- real browser: Debian's chromium driven by Playwright, pages served from 127.0.0.1 ---
# Pages run under a Content-Security-Policy without 'unsafe-eval': give wait_for_function a
# function ("() => ..."), never a bare expression, which Playwright re-evaluates with eval() on
# every poll, and the policy refuses (tests/test_csp.py checks the test sources for it).

SHARED_BUILDS = {"built", "hostile", "server", "hostile_server"}


def pytest_collection_modifyitems(items):
    """Tests that drive the browser are marked `browser` (make test-browser / test-unit).

    Tests that need no shared build run first: with pytest-xdist one worker builds the site
    while the other runs them, instead of both waiting for the build."""
    for item in items:
        if {"page", "browser", "phone"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
    order = {id(item): i for i, item in enumerate(items)}
    items.sort(key=lambda item: (bool(SHARED_BUILDS & set(getattr(item, "fixturenames", ()))), order[id(item)]))


@pytest.fixture(scope="session")
def server(built):
    httpd, base = serve(built.site)
    yield base
    httpd.shutdown()


@pytest.fixture(scope="session")
def hostile_server(hostile):
    httpd, base = serve(hostile.site)
    yield base
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _watched(context):
    pg = context.new_page()
    pg.errors, pg.requests, pg.failed = [], [], []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("requestfailed", lambda r: pg.failed.append(r.url))
    return pg


def _no_external_requests(pg) -> None:
    external = [u for u in pg.requests if urlsplit(u).hostname not in ("127.0.0.1", None) and not u.startswith("data:")]
    assert not external, f"requests left the site: {external}"


def _context(browser, **options):
    context = browser.new_context(**options)
    yield context
    context.close()


def _tab(context):
    """A new tab of a context the worker keeps (a new context costs a new renderer, about
    0.5 CPU-s): what a test sets on its tab (routes, init scripts, dialog handlers) goes with
    it; the site's storage and cookies are cleared after each test."""
    pg = _watched(context)
    yield pg
    _no_external_requests(pg)
    if pg.url.startswith("http"):
        pg.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    pg.close()
    context.clear_cookies()


@pytest.fixture(scope="session")
def _desktop_context(browser):
    yield from _context(browser, viewport={"width": 1280, "height": 900})


@pytest.fixture(scope="session")
def _phone_context(browser):
    yield from _context(browser, viewport={"width": 360, "height": 740}, device_scale_factor=2,
                        is_mobile=True, has_touch=True)


@pytest.fixture
def page(_desktop_context):
    """A desktop-sized tab (1280 × 900) that records console errors and every request."""
    yield from _tab(_desktop_context)


@pytest.fixture
def phone(_phone_context):
    """A phone-sized tab (360 × 740, touch, device scale 2)."""
    yield from _tab(_phone_context)
