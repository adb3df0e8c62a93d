"""Stage 5 — publish: MkDocs builds the HTML into a temporary folder next to site/,
the shared static files are added, and only then does the folder replace site/.
A failure at any point leaves the previous site/ untouched."""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from ..paths import Paths
from .search_index import build_index


def mkdocs_build(paths: Paths, out: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(paths.mkdocs_yml), site_dir=str(out), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def copy_static(static: Path, out: Path) -> None:
    for file in sorted(static.rglob("*")):
        if file.is_file():
            target = out / file.relative_to(static)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)


def swap_into_place(new: Path, site: Path) -> None:
    """Replace site/ by new/ with two renames on the same file system."""
    old = site.with_name(site.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        site.rename(old)
    new.rename(site)
    if old.exists():
        shutil.rmtree(old)


def publish(paths: Paths) -> dict:
    """Returns the seconds spent in each step (mkdocs, static files, search index)."""
    timings = {}
    paths.site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=paths.site.parent))
    try:
        out = tmp / "site"
        t = time.perf_counter()
        mkdocs_build(paths, out)
        timings["mkdocs"] = time.perf_counter() - t
        t = time.perf_counter()
        copy_static(paths.build / "static", out)
        timings["static"] = time.perf_counter() - t
        t = time.perf_counter()
        build_index(out)
        timings["search"] = time.perf_counter() - t
        swap_into_place(out, paths.site)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return timings
