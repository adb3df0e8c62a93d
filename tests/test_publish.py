"""Publish stage: atomic replacement, and no work when nothing changed. Each test works on
a private copy of the shared build."""
import pytest

from cbod import pipeline
from conftest import copy_build
from helpers import file_hashes


@pytest.fixture
def rebuilt(built, tmp_path):
    return copy_build(built, tmp_path / "project")


def test_rebuild_with_nothing_changed_keeps_site_and_skips_mkdocs(rebuilt):
    before = file_hashes(rebuilt.site)
    result = pipeline.build(rebuilt)
    assert result.ok and "mkdocs" not in result.timings, result.timings
    assert file_hashes(rebuilt.site) == before


def test_a_touched_site_is_rebuilt_in_full(rebuilt):
    before = file_hashes(rebuilt.site)
    page = rebuilt.site / "404.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited by hand -->", encoding="utf-8")
    result = pipeline.build(rebuilt)
    assert result.ok and "mkdocs" in result.timings
    assert file_hashes(rebuilt.site) == before
