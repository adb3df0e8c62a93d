"""Derived table `scorecard`: one row per target or plan figure and its assessment. The
targets pages are rendered from these rows (and the assessments they come from)."""
from __future__ import annotations

from .assessment import verdict
from .tables import table


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def scorecard_row(e: dict) -> dict:
    t = e["target"]
    r = e["results"][0] if e["results"] else {}
    avg = e["average_of_total"] or {}
    prog = e["progress"] or {}
    said = verdict(e) or {}
    return {
        "term_id": e["term"], "term_ended": e["ended"], "topic_id": e["indicator"]["topic_id"],
        "indicator_id": t["indicator_id"], "measure": e["indicator"]["measure"],
        "target_period_start": t["period_start"], "target_period_end": t["period_end"],
        "target_aggregation": t["aggregation"], "target_comparator": t["comparator"],
        "target_value": t["value"], "target_value_high": t["value_high"], "target_unit_id": t["unit_id"],
        "target_source_id": t["source_id"], "target_locator": t["locator"],
        "result_period_start": r.get("period_start"), "result_period_end": r.get("period_end"),
        "result_aggregation": r.get("aggregation"), "result_kind": r.get("kind"),
        "result_comparator": r.get("comparator"), "result_value": r.get("value"),
        "result_value_high": r.get("value_high"), "result_unit_id": r.get("unit_id"),
        "result_source_id": r.get("source_id"), "result_locator": r.get("locator"),
        "result_years": avg.get("years"),
        "result_yearly_average": avg["average"]["value"] if avg else None,
        "progress_base_year": prog.get("t0"), "progress_base_value": _rounded(prog.get("v0")),
        "progress_observed_growth": _rounded(prog.get("observed")),
        "progress_required_growth": _rounded(prog.get("required")),
        "progress_ratio": _rounded(prog.get("ratio")),
        "status": e["status"], "rule": e["rule"], "reason": e["reason"],
        "reported_status": said.get("reported_status"), "reported_pct_of_target": said.get("reported_pct_of_target"),
        "reported_source_id": said.get("source_id"),
    }


@table("scorecard")
def scorecard_rows(model: dict, derived: dict) -> list[dict]:
    return [scorecard_row(e) for e in derived["assessments"]]
