"""The site's languages: one table (`languages` in site_src/site.yml) and one way to build
a URL. Nothing else in the code names a language: a third one is a row there plus a
strings file (see the comment in site.yml).

A `Language` is its code (a `str`, so it can key dicts and fill templates) with the
row's other fields as attributes, and the language's own rules: plural categories
(Babel, from its locale) and the order of its alphabetical lists.

Texts of the data come in columns `<key>_<code>` (name_vi, name_en). A column without a
suffix (`locator`, a border gate's `name`) holds the words of the documents, which are in
the default language: `localized(rec, key, lang)` returns them when the language's own
column is missing or empty, and `text_language` says which language it returned.
"""
from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path

from babel import Locale

from .text import fold
from .yamlfile import read_yaml


class Language(str):
    """'vi' or 'en', with prefix, name, locale (Babel / Open Graph) and number format."""

    prefix: str
    name: str
    locale: str
    number: dict
    default: bool

    def __new__(cls, code: str, prefix: str, name: str, locale: str, number: dict, default: bool = False):
        obj = super().__new__(cls, code)
        obj.prefix, obj.name, obj.locale, obj.number, obj.default = prefix, name, locale, dict(number), default
        return obj

    @property
    def code(self) -> str:
        return str(self)

    @property
    def separators(self) -> tuple[str, str]:
        """(thousands, decimal) as the pages write numbers."""
        return self.number["thousands"], self.number["decimal"]

    @property
    def og_locale(self) -> str:
        return self.locale

    @property
    def babel(self) -> str:
        return self.locale

    @property
    def plural_tags(self) -> frozenset[str]:
        """The CLDR plural categories of the language: {'one', 'other'} in English, {'other'}
        in Vietnamese. A plural message in a strings file has exactly these keys."""
        return _plural_rule(self.locale).tags | {"other"}

    def plural(self, n) -> str:
        """The plural category of a number as written (Babel): 1 -> 'one' in English, but
        1.5 or 1.0 -> 'other'; always 'other' in Vietnamese."""
        if isinstance(n, float):
            n = Decimal(repr(n))
        if type(n) in (int, Decimal):
            return _category(self.locale, type(n), str(n))
        return _plural_rule(self.locale)(n)

    def sort_key(self, text: str):
        """Alphabetical order of the language's lists: letters without their marks first
        (so "Đ" sorts with "D" and "Ô" with "O"), then the marks, case ignored."""
        return fold(text).casefold(), text.casefold()

    def __reduce__(self):  # picklable for worker processes
        return (Language, (str(self), self.prefix, self.name, self.locale, self.number, self.default))


@functools.lru_cache(maxsize=None)
def _plural_rule(locale: str):
    return Locale.parse(locale).plural_form


@functools.lru_cache(maxsize=65536)
def _category(locale: str, kind: type, text: str) -> str:
    """The plural category of the number written `text` (as its type writes it: Decimal("1.0")
    is not Decimal("1"), though they are equal). A page shows hundreds of numbers, and a
    language with one category (Vietnamese) has nothing to compute."""
    rule = _plural_rule(locale)
    return "other" if not rule.tags else rule(kind(text))


def from_rows(rows: list[dict]) -> tuple[Language, ...]:
    return tuple(Language(r["code"], r.get("prefix", ""), r["name"], r["locale"], r["number"], default=i == 0)
                 for i, r in enumerate(rows))


def load_languages(site_yml: Path) -> tuple[Language, ...]:
    return from_rows(read_yaml(site_yml)["languages"])


def url(lang: Language, path: str = "") -> str:
    """The site-relative URL of a page in a language: url(en, 'indicators/x/') -> 'en/indicators/x/'."""
    return lang.prefix + path


def localized(obj: dict, key: str, lang: Language):
    """`key_<code>` of a record, or `key` when it is missing (an empty CSV cell is None): the documents' own words
    in a CSV record (`locator`), and in datapackage.json, which follows Frictionless and writes
    its own language (English) without a suffix."""
    value = obj.get(f"{key}_{lang}")
    return obj.get(key) if value is None else value


def text_language(obj: dict, key: str, lang: Language, original: Language) -> Language:
    """The language of `localized(obj, key, lang)`: `lang`, or `original` (the language of the
    unsuffixed `key`) when the record falls back to it."""
    return lang if obj.get(f"{key}_{lang}") is not None else original
