"""Render copies a page from its last output when nothing the page is made of changed
(cbod/render/pages.py, PageMemo). What it copies must be what rendering it again writes."""
from __future__ import annotations

import shutil

from cbod import pipeline
from cbod.render.site import render_site
from cbod.render.svg import Drawing
from conftest import copy_project
from helpers import file_hashes, read_rows, set_cell


def render(project) -> dict:
    result = pipeline.check(project)
    assert result.ok, "\n".join(result.report.lines()[:10])
    with Drawing(project.cache, result.model["languages"]) as drawing:
        return render_site(project, result.dataset, result.model, result.derived, drawing)


def test_kept_pages_are_those_a_full_render_writes(built, tmp_path):
    """A figure edit, then an indicator's name (shown on the pages of the indicators related to
    it, its topic and the index): after each, the pages of a render that kept what it could
    are byte for byte those of a render from nothing, and only a few pages were rendered."""
    project = copy_project(tmp_path / "project", cache_from=built.cache)
    first = render(project)
    assert first["reused"] == 0
    again = render(project)
    assert again["reused"] == again["docs"] == first["docs"]

    indicators = project.root / "data/catalogues/indicators.csv"
    row = next(i + 1 for i, r in enumerate(read_rows(indicators)) if r[0] == "ty-le-ho-ngheo")
    reused = []
    for edit in (lambda: set_cell(project.root / "data/figures/budget.csv", 3, "value", "13679"),
                 lambda: set_cell(indicators, row, "name_en", "Poverty rate (multidimensional)")):
        edit()
        kept = render(project)
        kept_docs = file_hashes(project.docs)
        (project.cache / "pages.json").unlink()
        shutil.rmtree(project.docs)
        fresh = render(project)
        assert fresh["reused"] == 0
        assert file_hashes(project.docs) == kept_docs
        reused.append(kept["reused"])
    # the figure edit rendered a few dozen pages again; names are shared by every page: all again
    assert 0.9 * first["docs"] < reused[0] < first["docs"], reused
    assert reused[1] == 0, reused


def test_a_failed_render_leaves_no_record_of_keys(built, tmp_path, monkeypatch):
    """The record of keys is removed before the output changes, so a render that fails half
    way never vouches for files it did not write."""
    import cbod.render.site as site

    project = copy_project(tmp_path / "project", cache_from=built.cache)
    render(project)
    assert (project.cache / "pages.json").is_file()
    monkeypatch.setattr(site, "sync_tree", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    try:
        render(project)
    except OSError:
        pass
    else:
        raise AssertionError("the render should have failed")
    assert not (project.cache / "pages.json").exists()
