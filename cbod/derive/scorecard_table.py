"""Derived table `scorecard`: one row per target or plan figure and its assessment."""
from __future__ import annotations

from .tables import table


@table("scorecard")
def scorecard_rows(model: dict, derived: dict) -> list[dict]:
    rows = []
    for e in derived["assessments"]:
        t = e["target"]
        r = e["results"][0] if e["results"] else {}
        rows.append({
            "term_id": e["term"], "indicator_id": t["indicator_id"],
            "target_period_start": t["period_start"], "target_period_end": t["period_end"],
            "target_aggregation": t["aggregation"], "target_comparator": t["comparator"],
            "target_value": t["value"], "target_value_high": t["value_high"], "target_unit_id": t["unit_id"],
            "target_source_id": t["source_id"], "target_locator": t["locator"],
            "result_period_start": r.get("period_start"), "result_period_end": r.get("period_end"),
            "result_aggregation": r.get("aggregation"), "result_kind": r.get("kind"),
            "result_comparator": r.get("comparator"), "result_value": r.get("value"),
            "result_value_high": r.get("value_high"), "result_unit_id": r.get("unit_id"),
            "result_source_id": r.get("source_id"), "result_locator": r.get("locator"),
            "status": e["status"], "reported_status": r.get("reported_status"),
        })
    return rows
