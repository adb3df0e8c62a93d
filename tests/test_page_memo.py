"""Render copies a page from its last output when nothing the page is made of changed
(cbod/render/pages.py, PageMemo). What it copies must be what rendering it again writes."""
from __future__ import annotations

import shutil

import pytest

from cbod import pipeline
from cbod.languages import load_languages
from cbod.render.pages import Page, PageMemo, environment
from cbod.render.site import render_site
from cbod.render.svg import Drawing
from conftest import REPO, copy_build
from helpers import file_hashes, set_cell


def render(project) -> dict:
    result = pipeline.check(project)
    assert result.ok, "\n".join(result.report.lines()[:10])
    with Drawing(project.cache, result.model["languages"]) as drawing:
        return render_site(project, result.dataset, result.model, result.derived, drawing)


def test_kept_pages_are_those_a_full_render_writes(built, tmp_path):
    """After a figure edit, a render that keeps what it can renders a few dozen pages (and chart
    embeds) again, and its pages and embeds are byte for byte those of a render from nothing.
    The render from nothing is the one a store that cannot be read gives (the kept pages are one
    file in build/cache: cut short or overwritten, every page is rendered again), and the store
    written anew serves the next render."""
    project = copy_build(built, tmp_path / "project")
    set_cell(project.root / "data/figures/budget.csv", 3, "value", "13679")
    kept = render(project)
    assert 0.9 * len(kept["pages"]) < kept["reused"] < len(kept["pages"]), kept["reused"]
    embeds = project.build / "static" / "embed"
    assert kept["reused_outputs"] == len(list(embeds.iterdir())) > 100  # an embed shows no value
    kept_docs, kept_embeds = file_hashes(project.docs), file_hashes(embeds)
    assert "13.679" in (project.docs / "vi/indicators/thu-ngan-sach.md").read_text(encoding="utf-8")
    store = project.cache / "pages.pickle"
    store.write_bytes(store.read_bytes()[:1000])
    shutil.rmtree(project.docs)
    shutil.rmtree(project.build / "static")
    fresh = render(project)
    assert fresh["reused"] == fresh["reused_outputs"] == 0
    assert file_hashes(project.docs) == kept_docs
    assert file_hashes(embeds) == kept_embeds
    again = render(project)
    assert again["reused"] == len(again["pages"]) and again["reused_outputs"] == len(list(embeds.iterdir()))


def _key(tmp_path, strings: dict, common: dict, context: dict) -> str:
    """The key PageMemo gives a page: the one it looks up in its store (a stand-in here)."""
    memo = PageMemo(tmp_path / "pages.pickle")
    memo.share(strings, common)
    asked = []
    memo.kept = type("Store", (dict,), {"get": lambda self, key: asked.append(key) or b"kept"})()
    lang = load_languages(REPO / "site_src" / "site.yml")[0]
    memo.write(environment(), Page("p.md", "about.j2", "t", "d", context), lang, strings, common, tmp_path / "out")
    return asked[0]


def test_a_key_changes_with_what_every_page_shares_and_not_with_object_identity(tmp_path):
    """The interface strings and `common` (names of indicators, topics, units, sources) are in
    every key; equal data gives an equal key whether or not it shares objects."""
    strings, common, context = {"a": "b"}, {"indicators": {"x": {"name_en": "X"}}}, {"v": "1"}
    key = _key(tmp_path, strings, common, context)
    assert _key(tmp_path, {"a": "c"}, common, context) != key
    assert _key(tmp_path, strings, {"indicators": {"x": {"name_en": "Y"}}}, context) != key
    assert _key(tmp_path, strings, common, {"v": "2"}) != key
    word = "".join(["s", "hared"])
    assert _key(tmp_path, strings, common, {"v": "1", "p": [word, word]}) == \
        _key(tmp_path, strings, common, {"v": "1", "p": [word, "".join(["sha", "red"])]})


def test_a_side_file_is_made_again_only_when_its_parts_or_the_shared_salt_change(tmp_path):
    """PageMemo.output (an indicator's chart embed): kept by its parts and the salt."""
    made = []

    def make(text):
        return lambda: made.append(text) or text.encode()

    memo = PageMemo(tmp_path / "pages.pickle")
    memo.share({"a": "b"}, {})
    assert memo.output(("vi", {"name": "X"}), make("x")) == b"x"
    memo.save()
    again = PageMemo(tmp_path / "pages.pickle")
    again.share({"a": "b"}, {})
    assert again.output(("vi", {"name": "X"}), make("other")) == b"x" and again.reused_outputs == 1
    assert again.output(("vi", {"name": "Y"}), make("y")) == b"y"
    words = PageMemo(tmp_path / "pages.pickle")
    words.share({"a": "c"}, {})
    assert words.output(("vi", {"name": "X"}), make("x2")) == b"x2"
    assert made == ["x", "y", "x2"]


def test_templates_read_plain_dict_keys_as_jinja_does():
    """pages._Environment reads `a.b` on a plain dict as the key at once; what a template gets
    is Jinja2's own: a dict's methods win over keys of the same name, a key is read, a missing
    one is an error (StrictUndefined), and objects keep their attributes."""
    from jinja2 import Environment, StrictUndefined
    from jinja2.exceptions import UndefinedError

    source = "{{ d.name }}|{{ d.items() | list | length }}|{{ d.get('x', 'no') }}|{{ o.real }}|{{ n.name }}"
    data = {"d": {"name": "Cao Bằng", "items": "a key named items", "get": "a key named get"},
            "o": 5, "n": type("Named", (dict,), {"name": "attribute"})(name="key")}
    ours = environment().from_string(source).render(**data)
    jinja = Environment(undefined=StrictUndefined, autoescape=True).from_string(source).render(**data)
    assert ours == jinja == "Cao Bằng|3|no|5|attribute"
    with pytest.raises(UndefinedError):
        environment().from_string("{{ d.missing }}").render(d={})
