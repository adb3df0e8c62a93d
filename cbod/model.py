"""The typed, in-memory view of a loaded dataset that later stages work on."""
from __future__ import annotations

from .languages import from_rows
from .load import CATALOGUES, REFERENCE, Dataset, typed


def build_model(dataset: Dataset) -> dict:
    """Catalogues keyed by id and one list of figures (each with `_resource`, and `_updated`: the
    date of the last commit that touched its row, or None), in file order."""
    catalogues = {name: typed(dataset.tables[name]) for name in CATALOGUES + REFERENCE if name in dataset.tables}
    figures = []
    for name in dataset.figure_resources:
        if name in dataset.tables:
            dates = dataset.row_dates.get(name, {})
            for rec in typed(dataset.tables[name]):
                rec["_resource"] = name
                rec["_updated"] = dates.get(rec["_row"])  # last commit of the row (history.row_dates)
                figures.append(rec)
    first = dataset.tables.get(dataset.figure_resources[0]) if dataset.figure_resources else None
    key = first.schema.get("primaryKey", []) if first else []
    by_id = {name: {r["id"]: r for r in rows} for name, rows in catalogues.items() if name in CATALOGUES}
    return {
        "package": dataset.package,
        "catalogues": catalogues,
        "figures": figures,
        "indicators": by_id.get("indicators", {}),
        "topics": by_id.get("topics", {}),
        "units": by_id.get("units", {}),
        "sources": by_id.get("sources", {}),
        "terms": catalogues.get("terms", []),  # file order is the order the targets page shows
        "figure_resources": dataset.figure_resources,
        "figure_key": tuple([key] if isinstance(key, str) else key),  # primary key of the figures schema
        "site": dataset.site,
        "updated": dataset.updated,
        "languages": from_rows(dataset.site["languages"]),
    }


def term_of(rec: dict, terms: list[dict]) -> str | None:
    """Id of the term (row of catalogues/terms.csv) that holds a figure: a target or a plan
    belongs to the row of its kind whose end years hold its last year. Validation makes sure
    every target and plan has one and that rows do not overlap; results have none."""
    return next((t["id"] for t in terms
                 if t["kind"] == rec["kind"] and t["end_first"] <= rec["period_end"] <= t["end_last"]), None)
