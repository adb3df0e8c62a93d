"""The site's languages: one table (`languages` in site_src/site.yml) and one way to build
a URL. Nothing else in the code names a language: a third one is a row there plus a
strings file (see the comment in site.yml).

A `Language` is its code (a `str`, so it can key dicts and fill templates) with the
row's other fields as attributes.
"""
from __future__ import annotations

from pathlib import Path

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

    def __reduce__(self):  # picklable for worker processes
        return (Language, (str(self), self.prefix, self.name, self.locale, self.number, self.default))


def from_rows(rows: list[dict]) -> tuple[Language, ...]:
    return tuple(Language(r["code"], r.get("prefix", ""), r["name"], r["locale"], r["number"], default=i == 0)
                 for i, r in enumerate(rows))


def load_languages(site_yml: Path) -> tuple[Language, ...]:
    return from_rows(read_yaml(site_yml)["languages"])


def url(lang: Language, path: str = "") -> str:
    """The site-relative URL of a page in a language: url(en, 'indicators/x/') -> 'en/indicators/x/'."""
    return lang.prefix + path


def localized(obj: dict, key: str, lang: Language):
    """`key_<code>` of a record; datapackage.json follows Frictionless and writes its own
    language (English) without a suffix, so a missing `key_<code>` falls back to `key`."""
    value = obj.get(f"{key}_{lang}")
    return obj.get(key) if value is None else value
