"""Publish stage: atomic replacement, and no work when nothing changed."""
from cbod import pipeline
from test_hostile_and_reproducible import file_hashes


def test_rebuild_with_nothing_changed_keeps_site_and_skips_mkdocs(built):
    before = file_hashes(built.site)
    result = pipeline.build(built)
    assert result.ok and "mkdocs" not in result.timings, result.timings
    assert file_hashes(built.site) == before


def test_a_touched_site_is_rebuilt_in_full(built):
    before = file_hashes(built.site)
    page = built.site / "404.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited by hand -->", encoding="utf-8")
    result = pipeline.build(built)
    assert result.ok and "mkdocs" in result.timings
    assert file_hashes(built.site) == before
