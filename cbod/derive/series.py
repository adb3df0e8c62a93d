"""Figures per indicator, sorted, with values converted to the indicator's display unit."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

KIND_ORDER = {"actual": 0, "estimate": 1, "target": 2, "plan": 3}


def sort_key(rec: dict):
    return (rec["period_end"], rec["period_start"], KIND_ORDER[rec["kind"]], rec["source_id"], rec["locator"])


def convert(value: Decimal | None, unit: dict, target: dict) -> Decimal | None:
    """Exact conversion between units sharing a base unit (e.g. trillion VND -> billion VND)."""
    if value is None:
        return None
    if unit["base_unit_id"] != target["base_unit_id"]:
        raise ValueError(f"{unit['id']} cannot be converted to {target['id']}")
    return value * unit["factor"] / target["factor"]


def indicator_figures(model: dict) -> dict[str, list[dict]]:
    """indicator id -> its figures in time order; each gets `display_value(_high)` or None."""
    out: dict[str, list[dict]] = defaultdict(list)
    units = model["units"]
    for rec in model["figures"]:
        ind = model["indicators"][rec["indicator_id"]]
        target = units[ind["unit_id"]]
        unit = units[rec["unit_id"]]
        item = dict(rec)
        try:
            item["display_value"] = convert(rec["value"], unit, target)
            item["display_value_high"] = convert(rec["value_high"], unit, target)
        except ValueError:
            item["display_value"] = item["display_value_high"] = None
        out[rec["indicator_id"]].append(item)
    for rows in out.values():
        rows.sort(key=sort_key)
    return dict(out)


def latest_result(figures: list[dict]) -> dict | None:
    """The most recent result or estimate: latest end year; then single years before period
    figures, results before estimates (figures come sorted by `series.sort_key`)."""
    results = [f for f in figures if f["kind"] in ("actual", "estimate")]
    if not results:
        return None
    return max(results, key=lambda f: (f["period_end"], f["aggregation"] == "year", f["kind"] == "actual",
                                       f["period_start"]))
