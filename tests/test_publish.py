"""Publish stage: atomic replacement, only changed pages rebuilt, and no work when nothing
changed. Each test works on a private copy of the shared build."""
import json
import os
import shutil
from unittest import mock

import pytest

from cbod import pipeline
from cbod.publish import SEARCH_CACHE, SEARCH_KEPT
from conftest import LANGUAGES, copy_build
from helpers import file_hashes, read_rows, set_cell

BUDGET = "data/figures/budget.csv"


@pytest.fixture
def rebuilt(built, tmp_path):
    return copy_build(built, tmp_path / "project")


def test_rebuild_with_nothing_changed_keeps_site_and_skips_mkdocs(rebuilt):
    before = file_hashes(rebuilt.site)
    result = pipeline.build(rebuilt)
    assert result.ok and not {"mkdocs", "mkdocs-changed", "search"} & set(result.timings), result.timings
    assert file_hashes(rebuilt.site) == before


def test_a_one_cell_edit_rebuilds_changed_pages_only_and_round_trips(rebuilt):
    """budget.csv row 3 (thu-ngan-sach 2021–2025, 13670 billion VND) set to 13679: MkDocs
    rebuilds only the changed pages, which show it; pages that did not change are the very
    same files as before (not written again; the site links to them). Set back, the site is
    again byte for byte the full build's."""
    before = file_hashes(rebuilt.site)
    budget = rebuilt.root / BUDGET
    header, _, third = read_rows(budget)[:3]
    assert dict(zip(header, third))["value"] == "13670"
    untouched = rebuilt.build / "site" / "indicators/tang-truong-grdp/index.html"  # in the staging folder
    inode = untouched.stat().st_ino
    set_cell(budget, 3, "value", "13679")
    kept = rebuilt.cache / SEARCH_CACHE  # search indexes kept by their inputs: the shared build's
    assert len(list(kept.iterdir())) == 1 and SEARCH_KEPT > 1
    with mock.patch("cbod.publish.SEARCH_KEPT", 1):  # one index more than are kept: the older goes
        result = pipeline.build(rebuilt)
    assert result.ok and "mkdocs-changed" in result.timings and "mkdocs" not in result.timings, result.timings
    assert len(list(kept.iterdir())) == 1 and not any(e.name.startswith(".") for e in kept.iterdir())
    for page, text in (("indicators/thu-ngan-sach/", "13.679"), ("en/indicators/thu-ngan-sach/", "13,679"),
                       ("sources/bcct-dh20-2025/", "13.679")):
        assert text in (rebuilt.site / page / "index.html").read_text(encoding="utf-8"), page
    # not written again, and published as a link to the staging file, not a copy
    assert untouched.stat().st_ino == inode
    assert os.path.samefile(untouched, rebuilt.site / "indicators/tang-truong-grdp/index.html")
    set_cell(budget, 3, "value", "13670")
    result = pipeline.build(rebuilt)  # Pagefind again: the index of these inputs was let go
    assert result.ok and "mkdocs-changed" in result.timings, result.timings
    assert file_hashes(rebuilt.site) == before


def test_a_failed_or_touched_site_is_never_trusted(rebuilt):
    """A build that fails after the staging folder was touched leaves site/ as it was, and the
    staging folder is no longer trusted. A site/ edited by hand is not trusted either: the next
    build starts anew (not page by page) and gives back the build's own files.

    The search index is kept by the inputs it was made from (publish.SEARCH_CACHE): new inputs
    run Pagefind (the failure below), and the build anew of the inputs built before takes the
    index Pagefind wrote for them without running it."""
    before = file_hashes(rebuilt.site)
    budget = rebuilt.root / BUDGET
    set_cell(budget, 3, "value", "13679")
    import cbod.publish
    made = []
    real_scratch = cbod.publish.scratch
    with mock.patch("cbod.publish.build_index", side_effect=RuntimeError("search index failed")), \
            mock.patch("cbod.publish.scratch", side_effect=lambda *a: made.append(real_scratch(*a)) or made[-1]):
        with pytest.raises(RuntimeError):
            pipeline.build(rebuilt)
    assert made and not any(folder.exists() for folder in made)  # no scratch folder is left in memory
    assert file_hashes(rebuilt.site) == before
    assert not (rebuilt.cache / "staging.json").exists()
    set_cell(budget, 3, "value", "13670")  # back to what site/ shows: nothing to do
    result = pipeline.build(rebuilt)
    assert result.ok and not {"mkdocs", "mkdocs-changed"} & set(result.timings)
    assert file_hashes(rebuilt.site) == before
    page = rebuilt.site / "404.html"  # saved as editors do: a new file renamed over the old one
    edited = page.with_name("404.html.edited")
    edited.write_text(page.read_text(encoding="utf-8") + "<!-- edited by hand -->", encoding="utf-8")
    edited.replace(page)
    with mock.patch("cbod.publish.build_index", side_effect=AssertionError("Pagefind ran")):
        result = pipeline.build(rebuilt)
    assert result.ok and "mkdocs" in result.timings and "mkdocs-changed" not in result.timings, result.timings
    assert "search" in result.timings and file_hashes(rebuilt.site) == before


def test_theme_files_listed_without_dot_folders_are_those_mkdocs_adds(built):
    """publish.ThemeListing (a faster listing of the theme's static files) adds to a build
    exactly the files MkDocs' own listing adds, for the real theme and overrides."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from cbod.publish import ThemeListing, mkdocs_options

    config = load_config(str(built.mkdocs_yml), **mkdocs_options(built))
    env = config.theme.get_env()
    own, fast = Files([]), Files([])
    own.add_files_from_theme(env, config)
    fast.add_files_from_theme(ThemeListing(env), config)
    assert [f.src_uri for f in fast] == [f.src_uri for f in own]
    assert any(f.src_uri.endswith(".css") for f in own) and any(f.src_uri.endswith(".js") for f in own)
    assert any(n.startswith(".icons/") for n in env.list_templates())  # what is left out, unread


def test_a_kept_search_index_changed_in_place_is_made_again(rebuilt):
    """A kept index shares its files with the staging folder and site/ (hard links): one of
    them changed in place is noticed, and Pagefind indexes the pages again."""
    import cbod.publish

    staging = rebuilt.build / "site" / "pagefind"
    before = file_hashes(staging)
    (entry,) = (rebuilt.cache / SEARCH_CACHE).iterdir()
    target = entry / "pagefind" / "pagefind-entry.json"
    # a file of its own first (the shared build's stays as it is), with the same size and time
    st = target.stat()
    private = target.with_name("private.tmp")
    private.write_bytes(target.read_bytes())
    private.replace(target)
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    prefixes = [lang.prefix for lang in LANGUAGES]
    assert cbod.publish._kept_intact(entry, prefixes)
    with open(target, "r+b") as fh:  # changed in place, as an editor that does not rename would
        fh.write(b" ")
    real = cbod.publish.build_index
    with mock.patch("cbod.publish.build_index", wraps=real) as indexed:
        cbod.publish.index_staging(rebuilt)
    assert indexed.call_count == 1 and file_hashes(staging) == before
    with mock.patch("cbod.publish.build_index", side_effect=AssertionError("Pagefind ran")):
        cbod.publish.index_staging(rebuilt)  # kept again, intact: linked in
    assert file_hashes(staging) == before
    english = rebuilt.build / "site" / "en" / "pagefind"
    before_en = file_hashes(english)
    (entry,) = (rebuilt.cache / SEARCH_CACHE).iterdir()
    # kept without a language's index (its record says so too): not served
    shutil.rmtree(entry / "en" / "pagefind")
    record = entry / cbod.publish.KEPT_STATS
    recorded = cbod.publish.stats(entry)
    recorded.pop(cbod.publish.KEPT_STATS)
    record.with_name("record.tmp").write_text(json.dumps(recorded), encoding="utf-8")
    record.with_name("record.tmp").replace(record)  # a new file: the shared build's stays
    assert not cbod.publish._kept_intact(entry, prefixes)
    with mock.patch("cbod.publish.build_index", wraps=real) as indexed:
        cbod.publish.index_staging(rebuilt)
    assert indexed.call_count == 1 and file_hashes(english) == before_en and file_hashes(staging) == before


def test_the_search_index_does_not_depend_on_the_order_pages_were_written(built, tmp_path):
    """Pagefind numbers the pages in the order it walks them, which is the order a folder is
    listed in: in memory (tmpfs), the order the files were made; on disk, an order seeded per
    file system. The same pages written in opposite orders (in memory, where that order shows)
    give the same index bytes: Pagefind reads a copy made in one fixed order."""
    from cbod.files import in_memory, scratch
    from cbod.publish.search_index import build_index, pages

    if not in_memory():
        pytest.skip("no room in memory: a folder on disk lists in an order of its own")
    prefixes = [lang.prefix for lang in LANGUAGES]
    chosen = {prefix: [rel for rel in files if rel.startswith(f"{prefix}indicators/")][:25]
              for prefix, files in pages(built.site, prefixes).items()}
    indexes = []
    for reverse in (False, True):
        site = scratch("order-", tmp_path)
        try:
            for files in chosen.values():
                for rel in sorted(files, reverse=reverse):
                    (site / rel).parent.mkdir(parents=True, exist_ok=True)
                    (site / rel).write_bytes((built.site / rel).read_bytes())
            build_index(site, scratch("index-", tmp_path), prefixes)  # removes its own scratch folder
            indexes.append({prefix: file_hashes(site / f"{prefix}pagefind") for prefix in prefixes})
        finally:
            shutil.rmtree(site)
    assert all(len(files) == 25 for files in chosen.values()) and all(indexes[0].values())
    assert indexes[0] == indexes[1]
