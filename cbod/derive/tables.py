"""Derived tables: datasets computed from the figures (the scorecard of targets, the
conflicts between sources, flat tables that read without the catalogues).

They are published beside the data package, listed on the data page as derived datasets,
each with its own Table Schema. A table is a `rows(model, derived)` function registered with
`@table("name")`; its title, description and fields (with descriptions in every language)
are in `tables.yml`, next to this file. The normalised package in data/ is never changed.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..yamlfile import read_yaml

META = Path(__file__).with_name("tables.yml")

Rows = Callable[[dict, dict], list[dict]]


@dataclass
class DerivedTable:
    name: str
    meta: dict  # title, title_vi, description, description_vi, schema {fields, primaryKey}
    rows: Rows

    @property
    def schema(self) -> dict:
        return self.meta["schema"]

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.schema["fields"]]


_REGISTRY: dict[str, Rows] = {}


def table(name: str):
    """Register the rows function of the derived table `name` (described in tables.yml)."""
    def register(fn: Rows) -> Rows:
        _REGISTRY[name] = fn
        return fn
    return register


@functools.lru_cache(maxsize=1)
def _meta() -> dict:
    """tables.yml, read once (pure-Python YAML takes a good part of a second)."""
    return read_yaml(META) or {}


def derived_tables() -> list[DerivedTable]:
    """Every derived table, in the order of tables.yml. A table described there without a rows
    function (or the reverse) is a programming error, reported at once."""
    from . import conflicts_table, flat, scorecard_table  # noqa: F401  (register their tables)

    meta = _meta()
    missing = set(meta) ^ set(_REGISTRY)
    if missing:
        raise RuntimeError(f"derived tables described but not registered, or the reverse: {sorted(missing)}")
    return [DerivedTable(name, m, _REGISTRY[name]) for name, m in meta.items()]


def build_rows(model: dict, derived: dict) -> dict[str, list[dict]]:
    """name -> rows with exactly the fields of its schema, in order."""
    out = {}
    for t in derived_tables():
        rows = t.rows(model, derived)
        out[t.name] = [{f: r.get(f) for f in t.field_names} for r in rows]
    return out
