"""Derived table `figures`: every figure in one flat table that reads without a codebook.

The normalised package keeps ids (`bcct-dh20-2025`, `billion-vnd`) and catalogues to join; a
reader who opens a CSV in a spreadsheet or pandas wants the words beside them. This table
joins the figures with the indicators, topics, units and sources (pandas merges) and adds,
in every language of the site, the indicator's name, the unit, the document's title, the
locator, the kind, qualifier and aggregation as words, the value as the pages write it, and
the address of the figure on its indicator page. The per-indicator CSVs
(data/by-indicator/<id>.csv) are slices of it.

Values are written exactly as in the data (Decimal text: 28618 stays 28618, never 28618.0).
Rows are sorted by indicator, then as the indicator page lists them.
"""
from __future__ import annotations

import hashlib

import pandas as pd

from ..languages import localized, url
from ..text import period_span
from .series import KIND_ORDER
from .tables import table


def figure_anchor(rec: dict, key: tuple[str, ...]) -> str:
    """The stable id of a figure on its indicator page ("f-2021-2025-actual-3fa2c1"): its
    period and kind, readable, and a short hash of its primary key, so that it stays the
    same when other rows are added, removed or reordered."""
    digest = hashlib.sha256("|".join(str(rec.get(k) or "") for k in key).encode("utf-8")).hexdigest()[:6]
    return f"f-{period_span(rec['period_start'], rec['period_end'], '-')}-{rec['kind']}-{digest}"


def figure_url(model: dict, rec: dict, lang) -> str:
    """The absolute address of a figure: its indicator page in a language, and its anchor."""
    return (model["package"]["homepage"] + url(lang, f"indicators/{rec['indicator_id']}/")
            + "#" + figure_anchor(rec, model["figure_key"]))


def indicator_updated(model: dict) -> dict[str, str]:
    """Indicator id -> the date its figures last changed: the newest commit among its rows
    (history.row_dates). Rows with no commit date (no git, or edited since the last commit)
    count as the data's own date."""
    out: dict[str, str] = {}
    for rec in model["figures"]:
        date = rec.get("_updated") or model.get("updated") or ""
        if date > out.get(rec["indicator_id"], ""):
            out[rec["indicator_id"]] = date
    return out


def _words(strings: dict, group: str, codes: pd.Series) -> pd.Series:
    """A code column turned into the words of one language (kind, comparator, aggregation…)."""
    return codes.map(lambda c: strings[group].get(c, "") if isinstance(c, str) else "")


def _catalogue(rows, columns: dict[str, str]) -> pd.DataFrame:
    """A catalogue as a frame, with its columns renamed for the flat table."""
    return pd.DataFrame([{new: r.get(old) for old, new in columns.items()} for r in rows], columns=list(columns.values()))


def flat_frame(model: dict) -> pd.DataFrame:
    """One row per figure with ids and words in every language (column names as in tables.yml)."""
    from ..fmt import value_text  # the words a page writes for a value
    from ..strings import load_strings

    # Load inputs: the figures and the catalogues they refer to
    langs = model["languages"]
    strings = load_strings(langs)
    key = model["figure_key"]
    records = []
    for rec in model["figures"]:
        row = {k: v for k, v in rec.items() if not k.startswith("_")}
        row["updated"] = rec.get("_updated") or model.get("updated") or None
        for lang in langs:
            row[f"locator_{lang}"] = localized(rec, "locator", lang)
            row[f"value_text_{lang}"] = value_text(rec, model["units"][rec["unit_id"]], lang, strings[lang])
            row[f"url_{lang}"] = figure_url(model, rec, lang)
        row["figure_id"] = figure_anchor(rec, key)
        records.append(row)
    figures = pd.DataFrame(records)
    names = {f"name_{lang}": f"indicator_name_{lang}" for lang in langs}
    indicators = _catalogue(model["indicators"].values(), {"id": "indicator_id", "topic_id": "topic_id", **names})
    topics = _catalogue(model["topics"].values(), {"id": "topic_id", **{f"name_{lang}": f"topic_{lang}" for lang in langs}})
    units = _catalogue(model["units"].values(), {"id": "unit_id", **{f"name_{lang}": f"unit_{lang}" for lang in langs}})
    sources = _catalogue(model["sources"].values(), {
        "id": "source_id", **{f"title_{lang}": f"source_title_{lang}" for lang in langs},
        **{f"issuer_{lang}": f"source_issuer_{lang}" for lang in langs},
        "doc_number": "source_number", "date": "source_date"})

    # Process data: join the catalogues (every id exists: validation checked the foreign keys)
    flat = (figures.merge(indicators, on="indicator_id", how="left", validate="many_to_one")
            .merge(topics, on="topic_id", how="left", validate="many_to_one")
            .merge(units, on="unit_id", how="left", validate="many_to_one")
            .merge(sources, on="source_id", how="left", validate="many_to_one"))
    for lang in langs:
        s = strings[lang]
        flat[f"kind_{lang}"] = _words(s, "kind", flat["kind"])
        flat[f"qualifier_{lang}"] = _words(s, "comparator", flat["comparator"])
        flat[f"aggregation_{lang}"] = _words(s, "aggregation", flat["aggregation"])
        flat[f"price_basis_{lang}"] = _words(s, "price_basis", flat["price_basis"])
        flat[f"reported_status_{lang}"] = _words(s, "reported_status", flat["reported_status"])
    flat["_kind_order"] = flat["kind"].map(KIND_ORDER)
    flat = flat.sort_values(["indicator_id", "period_end", "period_start", "_kind_order", "source_id", "locator"],
                            kind="stable").drop(columns="_kind_order")
    # pandas writes a missing join or value as NaN; the table's files write None as an empty cell
    return flat.astype(object).where(flat.notna(), None)


@table("figures")
def figures_rows(model: dict, derived: dict) -> list[dict]:
    return flat_frame(model).to_dict("records")
