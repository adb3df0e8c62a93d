"""The same data builds byte-identical files: another folder, another run, every chart drawn again."""
from __future__ import annotations

from cbod import pipeline
from conftest import copy_project
from helpers import file_hashes


def test_two_builds_are_byte_identical(built, tmp_path):
    """Same data, another folder, another run: every output file has the same bytes."""
    second = copy_project(tmp_path / "again", reuse_cache=False)
    assert not second.cache.exists()  # draw every chart and write every file again
    assert pipeline.build(second).ok
    first_hashes, second_hashes = file_hashes(built.site), file_hashes(second.site)
    assert sorted(first_hashes) == sorted(second_hashes)
    differ = [name for name in first_hashes if first_hashes[name] != second_hashes[name]]
    assert not differ, differ[:20]
