"""Stage 5 — publish: MkDocs builds the HTML into a temporary folder next to site/,
the shared static files are added, and only then does the folder replace site/.
A failure at any point leaves the previous site/ untouched.

Publish knows what render wrote (`contract`): the generated docs, the static files and the
MkDocs options. Files still being produced elsewhere (the pipeline's chart drawing) are
described by `pending` (for the skip check) and written by `complete` before the copy."""
from __future__ import annotations

import hashlib
import json
import logging
import os
from importlib import metadata
import shutil
import tempfile
import time
from pathlib import Path

from ..contract import MKDOCS_OPTIONS, STATIC
from ..paths import Paths
from .search_index import build_index


def mkdocs_options(paths: Paths) -> dict:
    return json.loads((paths.build / MKDOCS_OPTIONS).read_text(encoding="utf-8"))


def mkdocs_build(paths: Paths, out: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # mkdocs.yml holds the theme and Markdown settings; the options render computed (site
    # address, languages, translated names) complete it. The hook only saves time
    # (generated HTML skips Markdown).
    config = load_config(str(paths.mkdocs_yml), site_dir=str(out), strict=True,
                         hooks=[str(Path(__file__).with_name("mkdocs_hooks.py"))], **mkdocs_options(paths))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


# Material's own JavaScript (bundle, search worker, lunr): no page loads it (see
# site_src/overrides/main.html), so it is not published.
UNUSED_THEME_FILES = ("assets/javascripts",)


def drop_unused_theme_files(out: Path) -> None:
    for name in UNUSED_THEME_FILES:
        shutil.rmtree(out / name, ignore_errors=True)


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


def _tree_hash(digest, root: Path, pattern: str = "*") -> None:
    for file in sorted(p for p in root.rglob(pattern) if p.is_file()):
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())


def inputs_hash(paths: Paths, pending: bytes = b"") -> str:
    """Everything the publish stage reads: generated docs and static files, the MkDocs config,
    theme overrides, the project's Python code (the hooks, heading slugs and SVG localising run
    during publish; bytecode caches are left out) and the versions of MkDocs, Material, i18n
    and Pagefind."""
    digest = hashlib.sha256()
    for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pagefind"):
        digest.update(f"{name}={metadata.version(name)}\n".encode())
    digest.update(paths.mkdocs_yml.read_bytes())
    digest.update((paths.build / MKDOCS_OPTIONS).read_bytes())
    digest.update(pending)  # files still being produced, described before they exist
    for root in (paths.docs, paths.build / STATIC, paths.site_src / "overrides"):
        _tree_hash(digest, root)
    _tree_hash(digest, Path(__file__).parent.parent, "*.py")
    return digest.hexdigest()


def site_hash(site: Path) -> str:
    digest = hashlib.sha256()
    _tree_hash(digest, site)
    return digest.hexdigest()


def up_to_date(paths: Paths, key: str) -> bool:
    """site/ is exactly what the last publish of these same inputs produced."""
    record = paths.cache / "published.json"
    if not (record.is_file() and paths.site.is_dir()):
        return False
    saved = json.loads(record.read_text(encoding="utf-8"))
    return saved.get("inputs") == key and saved.get("site") == site_hash(paths.site)


def publish(paths: Paths, pending: bytes = b"", complete=None) -> dict:
    """Returns the seconds spent in each step (mkdocs, waiting for the pending files, static
    files, search index). `complete(static_dir)`, when given, writes the files `pending`
    describes (they are produced while MkDocs runs) before the static files are copied.

    When the inputs hash the same as at the last publish and site/ is untouched since, the
    MkDocs and Pagefind output would be byte-identical (builds are reproducible, see
    tests/test_reproducible.py): site/ is kept and the step is skipped."""
    timings = {}
    t = time.perf_counter()
    key = inputs_hash(paths, pending)
    fresh = up_to_date(paths, key)
    timings["publish-check"] = time.perf_counter() - t
    if fresh:
        return timings
    record = paths.cache / "published.json"
    record.unlink(missing_ok=True)
    paths.site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=paths.site.parent))
    try:
        out = tmp / "site"
        t = time.perf_counter()
        mkdocs_build(paths, out)
        drop_unused_theme_files(out)
        timings["mkdocs"] = time.perf_counter() - t
        t = time.perf_counter()
        if complete is not None:
            complete(paths.build / STATIC)
        timings["pending-wait"] = time.perf_counter() - t
        t = time.perf_counter()
        copy_static(paths.build / STATIC, out)
        timings["static"] = time.perf_counter() - t
        t = time.perf_counter()
        build_index(out)
        timings["search"] = time.perf_counter() - t
        published = site_hash(out)
        swap_into_place(out, paths.site)
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps({"inputs": key, "site": published}), encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return timings
