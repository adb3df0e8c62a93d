"""Shared fixtures: a throw-away copy of the project, and one real build of it."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cbod import pipeline  # noqa: E402
from cbod.paths import Paths  # noqa: E402

PROJECT_FILES = ("datapackage.json", "mkdocs.yml", "data", "site_src")


def copy_project(dest: Path) -> Paths:
    """The data and site sources of this repository, copied to `dest` (code is imported from the repo)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy2(src, dest / name)
    cache = REPO / "build" / "cache"
    if cache.is_dir():  # reuse rendered chart SVGs and the JS bundle: same content hash, same bytes
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
