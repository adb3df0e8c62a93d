"""Stage 5 — publish: MkDocs builds the HTML into a staging folder, the shared static files
and the search index are added, and only then is a copy of it swapped in for site/.
A failure at any point leaves the previous site/ untouched.

Publish knows what render wrote (`contract`): the generated docs, the static files and the
MkDocs options. Files still being produced elsewhere (the pipeline's chart drawing) are
described by `pending` (for the skip check) and written by `complete` before the copy."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import time
from importlib import metadata
from pathlib import Path

from ..contract import LANGUAGE_WRITTEN, MKDOCS_OPTIONS, STATIC, Pending
from ..paths import Paths
from ..files import link_if_changed, mirror_links, private_folder, scratch, walk_files, write_if_changed
from .search_index import Indexing, build_index


STAGING_STATE = "staging.json"  # in build/cache: what the staging folder holds, and whether it is indexed


def mkdocs_options(paths: Paths) -> dict:
    return json.loads((paths.build / MKDOCS_OPTIONS).read_text(encoding="utf-8"))


def mkdocs_build(paths: Paths, out: Path, dirty: bool = False) -> None:
    """MkDocs into `out`. With `dirty`, pages whose source is older than their output are
    skipped (MkDocs' own dirty mode; render leaves unchanged sources untouched)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs import utils as mkdocs_utils
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # mkdocs.yml holds the theme and Markdown settings; the options render computed (site
    # address, languages, translated names) complete it. The hook only saves time
    # (generated HTML skips Markdown).
    config = load_config(str(paths.mkdocs_yml), site_dir=str(out), strict=True,
                         hooks=[str(Path(__file__).with_name("mkdocs_hooks.py"))], **mkdocs_options(paths))
    config.plugins.on_startup(command="build", dirty=dirty)
    # mkdocs-static-i18n builds the other languages itself and reads "--dirty" from the
    # command line for them: it is said there for the duration of the build.
    argv, cache = sys.argv, os.environ.get("CBOD_THEME_TEMPLATE_CACHE")
    sys.argv = argv + ["--dirty"] if dirty else [a for a in argv if a != "--dirty"]
    os.environ["CBOD_THEME_TEMPLATE_CACHE"] = str(paths.cache / "jinja-theme")
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(_dirty_notice)
    # MkDocs writes files in place; here every file it writes is a new file renamed over the
    # old one, and an unchanged file is not written at all (files.py explains why).
    (out / "sitemap.xml.gz").unlink(missing_ok=True)  # the one file it writes without utils
    writers = mkdocs_utils.write_file, mkdocs_utils.copy_file
    mkdocs_utils.write_file = lambda content, path: write_if_changed(Path(path), content)
    mkdocs_utils.copy_file = _copy_file
    # The theme's static files are listed once per language and build: MkDocs matches each of
    # Material's 14,500 template names against a dozen patterns (0.2 s), though 14,000 of them
    # are icons under dot folders that the first two patterns refuse. They are left out first.
    from mkdocs.structure.files import Files
    add_theme_files = Files.add_files_from_theme
    Files.add_files_from_theme = lambda files, env, cfg: add_theme_files(files, ThemeListing(env), cfg)
    try:
        build(config, dirty=dirty)
    finally:
        Files.add_files_from_theme = add_theme_files
        sys.argv = argv
        if cache is None:
            os.environ.pop("CBOD_THEME_TEMPLATE_CACHE", None)
        else:
            os.environ["CBOD_THEME_TEMPLATE_CACHE"] = cache
        mkdocs_utils.write_file, mkdocs_utils.copy_file = writers
        build_log.removeFilter(_dirty_notice)
        config.plugins.on_shutdown()


class ThemeListing:
    """A theme's Jinja environment whose `list_templates` leaves out names under a dot folder
    or of a dot file before the caller's filter sees them: MkDocs' theme-file filter refuses
    them all ('.*' and '*/.*'), so the files it adds are the same (tests/test_publish.py)."""

    def __init__(self, env):
        self._env = env

    def list_templates(self, extensions=None, filter_func=None) -> list[str]:
        names = [n for n in self._env.list_templates(extensions) if not (n.startswith(".") or "/." in n)]
        return [n for n in names if filter_func(n)] if filter_func is not None else names

    def __getattr__(self, name):
        return getattr(self._env, name)


def _copy_file(source: str, target: str) -> None:
    path = Path(target)
    if path.is_dir():
        path = path / Path(source).name
    write_if_changed(path, Path(source).read_bytes())


def _dirty_notice(record: logging.LogRecord) -> bool:
    """MkDocs warns on every dirty build that navigation may be stale, which strict mode counts
    as a failure. It does not apply here: the pages MkDocs skips are exactly those whose
    source is unchanged, and everything the navigation is made of (mkdocs.yml, the options,
    the theme) forces a full build when it changes (`theme_hash`). Other warnings still fail."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


# Material's own JavaScript (bundle, search worker, lunr): no page loads it (see
# site_src/overrides/main.html), so it is not published.
UNUSED_THEME_FILES = ("assets/javascripts",)


def drop_unused_theme_files(out: Path) -> None:
    for name in UNUSED_THEME_FILES:
        shutil.rmtree(out / name, ignore_errors=True)


def copy_static(static: Path, out: Path, previous: list[str]) -> list[str]:
    """Put the static files over the MkDocs output as hard links (only those that changed) and
    remove the ones put there last time that no longer exist. Returns the files."""
    files = walk_files(static)
    for rel in files:
        link_if_changed(static / rel, out / rel)
    for rel in sorted(set(previous) - set(files)):
        (out / rel).unlink(missing_ok=True)
    return files


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


def _tree_hash(digest, root: Path, pattern: str = "*", leave_out: frozenset[str] = frozenset()) -> None:
    suffix = pattern.lstrip("*")
    for rel in walk_files(root):
        if rel not in leave_out and rel.endswith(suffix) and "__pycache__/" not in rel:
            digest.update(rel.encode() + b"\0")
            digest.update(hashlib.sha256((root / rel).read_bytes()).digest())


def _listing(root: Path) -> list[str]:
    return walk_files(root)


def theme_hash(paths: Paths) -> str:
    """What every page depends on: MkDocs settings and options, theme overrides, the code that
    runs inside MkDocs (hooks, heading slugs; bytecode caches are left out) and the tools'
    versions. When it changes, the staging folder is built anew rather than page by page."""
    digest = hashlib.sha256()
    for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pagefind"):
        digest.update(f"{name}={metadata.version(name)}\n".encode())
    digest.update(paths.mkdocs_yml.read_bytes())
    digest.update((paths.build / MKDOCS_OPTIONS).read_bytes())
    _tree_hash(digest, paths.site_src / "overrides")
    _tree_hash(digest, Path(__file__).parent.parent, "*.py")
    return digest.hexdigest()


def inputs_hash(paths: Paths, pending: Pending) -> str:
    """Everything the publish stage reads: `theme_hash`, the generated docs and static files,
    and the description of the files still being produced (their older copies are left out)."""
    digest = hashlib.sha256(theme_hash(paths).encode())
    digest.update(pending.manifest)
    _tree_hash(digest, paths.docs)
    _tree_hash(digest, paths.build / STATIC, leave_out=pending.files)
    return digest.hexdigest()


def stats(root: Path) -> dict[str, list[int]]:
    """Relative path -> [size, modification time in ns] of every file under `root`."""
    out, base = {}, os.fspath(root)
    for rel in walk_files(root):
        st = os.stat(f"{base}/{rel}", follow_symlinks=False)
        out[rel] = [st.st_size, st.st_mtime_ns]
    return out


def link_tree(source: Path, target: Path) -> None:
    """`target` as a tree of hard links to the files of `source` (nothing is copied)."""
    src, dst = os.fspath(source), os.fspath(target)  # strings: 4,000 Path objects cost more than the links
    files = walk_files(source)
    for folder in sorted({rel.rpartition("/")[0] for rel in files}):
        os.makedirs(os.path.join(dst, folder), exist_ok=True)
    for rel in files:
        os.link(f"{src}/{rel}", f"{dst}/{rel}")


def publish(paths: Paths, pending: Pending = Pending(), search: bool = True, to_site: bool = True) -> dict:
    """Returns the seconds spent in each step (mkdocs, waiting for the pending files, static
    files, search index, swap). The `pending` static files are produced while MkDocs runs and
    completed before the static files are added.

    The site is assembled in a staging folder kept between builds (build/site). MkDocs
    rebuilds there only the pages whose source changed, as long as the theme and settings
    (`theme_hash`) and the list of pages are those of the last complete staging and site/ is
    as the last publish left it; otherwise it starts from an empty folder. Nothing in the
    staging folder is ever rewritten in place (files.py), so the new site/ is a tree of hard
    links to it, made next to site/ and swapped in with two renames: a failure at any point
    leaves site/ untouched.

    `make serve` stages without the search index and without touching site/ (it serves the
    staging folder), then indexes with `index_staging`; a later build only swaps it in.
    When the inputs are those of the last publish and site/ is untouched since, nothing is
    done (builds are reproducible, tests/test_reproducible.py)."""
    timings = {}
    t = time.perf_counter()
    key = inputs_hash(paths, pending)
    record, state_file = paths.cache / "published.json", paths.cache / STAGING_STATE
    saved = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    intact = paths.site.is_dir() and saved.get("site") == stats(paths.site)
    state = json.loads(state_file.read_text(encoding="utf-8")) if state_file.is_file() else {}
    staging = paths.build / "site"
    theme, pages = theme_hash(paths), _listing(paths.docs)
    trusted = (intact or not paths.site.exists()) and staging.is_dir() and state.get("theme") == theme \
        and state.get("pages") == pages
    timings["publish-check"] = time.perf_counter() - t
    if to_site and intact and saved.get("inputs") == key:
        pending.complete(paths.build / STATIC)
        return timings
    staged = trusted and state.get("inputs") == key  # serve staged exactly this already
    indexing = None
    try:
        if not staged:
            state_file.unlink(missing_ok=True)  # until this completes, the staging folder is not trusted
            if search and not _kept_index(paths, key):
                # each language is indexed as soon as MkDocs has written it, while it writes the next
                indexing = Indexing(staging, scratch("pagefind-", paths.build), _prefixes(paths))
                LANGUAGE_WRITTEN.append(indexing.start)
            t = time.perf_counter()
            try:
                mkdocs_build(paths, staging, dirty=trusted)
            finally:
                if indexing is not None:
                    LANGUAGE_WRITTEN.remove(indexing.start)
            drop_unused_theme_files(staging)
            timings["mkdocs-changed" if trusted else "mkdocs"] = time.perf_counter() - t
        _assemble(paths, pending, timings, staged, trusted, key, theme, pages, state)
        if search and not staging_indexed(paths):
            timings["search"] = index_staging(paths, indexing=indexing)
            indexing = None
    finally:
        if indexing is not None:
            indexing.close()
    if to_site:
        t = time.perf_counter()
        record.unlink(missing_ok=True)
        tmp = private_folder(paths.site.parent, ".site-")
        try:
            link_tree(staging, tmp / "site")
            swap_into_place(tmp / "site", paths.site)
            record.write_text(json.dumps({"inputs": key, "site": stats(paths.site)}), encoding="utf-8")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        timings["swap"] = time.perf_counter() - t
    return timings


def _prefixes(paths: Paths) -> list[str]:
    return [lang["prefix"] for lang in mkdocs_options(paths)["extra"]["languages"]]


def _kept_index(paths: Paths, key: str) -> bool:
    """Is the search index of these inputs kept (and intact), to be linked in, not made?"""
    kept = paths.cache / SEARCH_CACHE / key
    return kept.is_dir() and _kept_intact(kept, _prefixes(paths))


def _assemble(paths: Paths, pending: Pending, timings: dict, staged: bool, trusted: bool, key: str,
              theme: str, pages: list, state: dict) -> None:
    """The staging folder completed after MkDocs: the pending files, the static files, and the
    record of what it holds (STAGING_STATE)."""
    staging = paths.build / "site"
    if not staged:
        t = time.perf_counter()
        pending.complete(paths.build / STATIC)
        timings["pending-wait"] = time.perf_counter() - t
        t = time.perf_counter()
        static = copy_static(paths.build / STATIC, staging, state.get("static", []) if trusted else [])
        timings["static"] = time.perf_counter() - t
        state = {"theme": theme, "pages": pages, "static": static, "inputs": key, "indexed": False}
        sources, written = sum(p.endswith(".md") for p in pages), sum(rel.endswith("index.html") for rel in walk_files(staging))
        if written < sources:  # never publish a site that lost pages on the way
            raise RuntimeError(f"the staging folder holds {written} pages for {sources} page sources; "
                               "site/ is left as it was")
        paths.cache.mkdir(parents=True, exist_ok=True)
        (paths.cache / STAGING_STATE).write_text(json.dumps(state), encoding="utf-8")
    else:
        pending.complete(paths.build / STATIC)


def staging_indexed(paths: Paths) -> bool:
    """Does the staging folder hold the search index of what it holds now?"""
    state_file = paths.cache / STAGING_STATE
    return state_file.is_file() and json.loads(state_file.read_text(encoding="utf-8")).get("indexed", False)


# Search indexes kept by the publish inputs they were made from (build/cache/search/<key>/):
# the same inputs give the same pages (tests/test_reproducible.py), and Pagefind's index of
# the same pages is the same files. An edit and its undo, or a full build of what was built
# before, take the index from here instead of running Pagefind again.
SEARCH_CACHE = "search"
SEARCH_KEPT = 4  # the indexes of the last few inputs (about 5 MB each at today's size)
KEPT_STATS = "kept.json"  # in a kept index: the size and modification time of each of its files


def index_staging(paths: Paths, background: bool = False, indexing: Indexing | None = None) -> float:
    """Write the search index into the staging folder; returns the seconds it took. In the
    `background` (make serve, after the browser was told to reload), Pagefind runs at a lower
    priority: the reloading page and the server answering it come first. An index made
    before from the same inputs is linked in from the cache instead. `indexing`: Pagefind
    started already on some languages (publish, while MkDocs wrote the others)."""
    t = time.perf_counter()
    state_file = paths.cache / STAGING_STATE
    state = json.loads(state_file.read_text(encoding="utf-8"))
    state_file.unlink()
    staging = paths.build / "site"
    prefixes = _prefixes(paths)
    kept = paths.cache / SEARCH_CACHE / state["inputs"]
    if kept.is_dir() and not _kept_intact(kept, prefixes):
        shutil.rmtree(kept, ignore_errors=True)  # a language missing, or a file changed in place: index anew
    if kept.is_dir():
        if indexing is not None:
            indexing.close()
        for prefix in prefixes:
            mirror_links(kept / f"{prefix}pagefind", staging / f"{prefix}pagefind")
        os.utime(kept)  # recently used: kept longest
    else:
        folder = indexing.scratch if indexing is not None else scratch("pagefind-", paths.build)
        try:
            build_index(staging, folder, prefixes, nice=10 if background else 0, indexing=indexing)
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # also when indexing failed before it started
            if indexing is not None:
                indexing.close()
        _keep_index(staging, prefixes, kept)
    state_file.write_text(json.dumps(dict(state, indexed=True)), encoding="utf-8")
    return time.perf_counter() - t


def _keep_index(staging: Path, prefixes: list[str], kept: Path) -> None:
    """Keep the index just written (hard links: staging files are never rewritten in place),
    and only the SEARCH_KEPT most recently used."""
    tmp = private_folder(kept.parent, ".new-")  # a dot folder: never taken for a kept index
    try:
        for prefix in prefixes:
            link_tree(staging / f"{prefix}pagefind", tmp / f"{prefix}pagefind")
        (tmp / KEPT_STATS).write_text(json.dumps(stats(tmp)), encoding="utf-8")
        tmp.rename(kept)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # another build kept the same index meanwhile
        return
    entries = sorted((e for e in kept.parent.iterdir() if e.is_dir() and not e.name.startswith(".")),
                     key=lambda e: e.stat().st_mtime_ns, reverse=True)
    for old in entries[SEARCH_KEPT:]:
        shutil.rmtree(old, ignore_errors=True)


def _kept_intact(kept: Path, prefixes: list[str]) -> bool:
    """Does a kept index hold every language's index, with its files as they were kept? They
    are hard links shared with the staging folder and site/, so a file of site/ changed in
    place (not replaced) changes them."""
    if not all((kept / f"{prefix}pagefind").is_dir() for prefix in prefixes):
        return False
    try:
        recorded = json.loads((kept / KEPT_STATS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    now = stats(kept)
    now.pop(KEPT_STATS, None)
    return now == recorded
