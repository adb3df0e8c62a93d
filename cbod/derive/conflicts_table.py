"""Derived table `conflicts`: one row per pair of readings of the same figure that cannot
both be true (cbod/derive/conflicts.py), typed `disagreement` or `revision`."""
from __future__ import annotations

from .tables import table

SIDE = ("kind", "period_start", "period_end", "comparator", "value", "value_high", "unit_id", "source_id",
        "locator")


def conflict_row(c: dict, sources: dict) -> dict:
    a, b = c["figures"]
    row = {"indicator_id": c["indicator_id"], "period_start": c["period_start"], "period_end": c["period_end"],
           "aggregation": c["aggregation"], "base_period": a["base_period"], "price_basis": a["price_basis"],
           "kind_class": c["kind_class"], "type": c["type"]}
    for prefix, rec in (("a", a), ("b", b)):
        row.update({f"{prefix}_{k}": rec[k] for k in SIDE})
        row[f"{prefix}_source_date"] = sources[rec["source_id"]]["date"]
    return row


@table("conflicts")
def conflicts_rows(model: dict, derived: dict) -> list[dict]:
    return [conflict_row(c, model["sources"]) for c in derived["conflicts"]]
