"""The interface strings (cbod/strings/<code>.yml) and the language rules: every language
has the same keys, plural messages have exactly the language's plural categories (Babel),
every coded value of the data has a label in every language, and no code branches on a
language (a third language is a row in site.yml, a strings file and its data columns)."""
from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from cbod.derive.assessment import STATUSES
from cbod import fmt
from cbod.strings import load_strings
from conftest import EN, LANGUAGES, REPO, VI

STRINGS = load_strings(LANGUAGES)
CLDR = {"zero", "one", "two", "few", "many", "other"}


def is_plural(node) -> bool:
    return isinstance(node, dict) and node and set(node) <= CLDR and "other" in node


def keys(node, prefix="") -> set[str]:
    """Every key path of a strings tree; a plural message counts as one key."""
    if not isinstance(node, dict) or is_plural(node):
        return {prefix}
    out = set()
    for key, value in node.items():
        out |= keys(value, f"{prefix}.{key}" if prefix else str(key))
    return out


def plurals(node, prefix=""):
    if is_plural(node):
        yield prefix, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from plurals(value, f"{prefix}.{key}" if prefix else str(key))


def test_every_strings_file_has_the_same_keys():
    base = keys(STRINGS[str(LANGUAGES[0])])
    assert len(base) > 150
    for lang in LANGUAGES[1:]:
        other = keys(STRINGS[str(lang)])
        assert other == base, f"{lang}: missing {sorted(base - other)[:10]}, extra {sorted(other - base)[:10]}"


def test_the_key_check_sees_a_missing_key():
    broken = json.loads(json.dumps(STRINGS["en"]))
    del broken["indicator"]["report"]
    assert keys(broken) != keys(STRINGS["en"])


def test_plural_messages_have_exactly_the_language_plural_forms():
    found = 0
    for lang in LANGUAGES:
        for path, forms in plurals(STRINGS[str(lang)]):
            found += 1
            assert set(forms) == lang.plural_tags, f"{lang} {path}: {sorted(forms)}, Babel says {sorted(lang.plural_tags)}"
            assert all("{n}" in text for text in forms.values()), f"{lang} {path}"
    assert found >= 2 * 8
    assert EN.plural_tags == {"one", "other"} and VI.plural_tags == {"other"}


def schema_enums() -> dict[str, set]:
    """field name -> the values its enum allows, over the figures schema and every resource
    schema of datapackage.json."""
    package = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    schemas = [json.loads((REPO / "data/schemas/figures.json").read_text(encoding="utf-8"))]
    schemas += [r["schema"] for r in package["resources"] if isinstance(r.get("schema"), dict)]
    enums: dict[str, set] = {}
    for schema in schemas:
        for field in schema["fields"]:
            values = field.get("constraints", {}).get("enum")
            if values:
                enums.setdefault(field["name"], set()).update(values)
    return enums


def test_every_coded_value_has_a_label_in_every_language():
    enums = schema_enums()
    assert {"kind", "comparator", "aggregation", "reported_status", "price_basis", "direction", "doc_type",
            "gate_type"} <= set(enums)
    enums["status"] = set(STATUSES)  # computed by the site (derive/assessment.py)
    missing = [f"{lang}: {field}.{value}" for lang in LANGUAGES for field, values in sorted(enums.items())
               for value in sorted(values) if not isinstance(STRINGS[str(lang)].get(field), dict)
               or value not in STRINGS[str(lang)][field]]
    assert not missing, missing


@pytest.mark.parametrize("n, en, vi", [(1, "1 figure", "1 số liệu"), (2, "2 figures", "2 số liệu"),
                                       (0, "0 figures", "0 số liệu"), (1234, "1,234 figures", "1.234 số liệu")])
def test_plural_follows_the_language(n, en, vi):
    assert fmt.plural(STRINGS["en"]["topic"]["figures"], n, EN) == en
    assert fmt.plural(STRINGS["vi"]["topic"]["figures"], n, VI) == vi


def test_unit_after_one_is_singular_in_english():
    """units.csv: school -> 'schools', name_one_en 'school' (socioeconomic.csv has 'at least 1 school')."""
    school = {"name_vi": "trường", "name_en": "schools", "name_one_en": "school"}
    s = {"en": {"comparator": {"ge": "at least", "eq": ""}}, "vi": {"comparator": {"ge": "tối thiểu", "eq": ""}}}
    one = {"value": Decimal("1"), "value_high": None, "comparator": "ge"}
    assert fmt.value_text(one, school, EN, s["en"]) == "at least 1 school"
    assert fmt.value_text(one, school, VI, s["vi"]) == "tối thiểu 1 trường"
    assert fmt.value_text(dict(one, value=Decimal("1.5")), school, EN, s["en"]) == "at least 1.5 schools"
    assert fmt.value_text(dict(one, value_high=Decimal("2")), school, EN, s["en"]) == "at least 1–2 schools"
    assert fmt.value_text(dict(one, value=Decimal("3")), school, EN, s["en"]) == "at least 3 schools"


def test_lists_sort_in_the_language_order():
    names = ["Zebra", "Đường bộ", "Dân số", "apple", "Ô tô", "Bưu chính"]
    assert sorted(names, key=EN.sort_key) == ["apple", "Bưu chính", "Dân số", "Đường bộ", "Ô tô", "Zebra"]


# Code and templates name no language: what differs by language comes from site.yml and the strings.
LANGUAGE_BRANCH = re.compile("|".join(
    rf"""(==|!=)\s*["']{lang}["']|["']{lang}["']\s*(==|!=)|["']{lang}/["']""" for lang in LANGUAGES))
CODE = [p for pattern in ("cbod/**/*.py", "cbod/**/*.j2", "site_src/overrides/**/*.html", "site_src/overrides/*.xml",
                          "site_src/docs/assets/js/*.js", "build.py")
        for p in REPO.glob(pattern)]


def test_no_code_branches_on_a_language():
    assert len(CODE) > 30
    found = [f"{p.relative_to(REPO)}:{i}: {line.strip()}" for p in CODE
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if LANGUAGE_BRANCH.search(line)]
    assert not found, "\n".join(found)
    assert LANGUAGE_BRANCH.search('{% set x = "Tìm kiếm" if i18n_page_locale == "vi" else "Search" %}')
    assert LANGUAGE_BRANCH.search('prefix = "" if vi else "en/"')
