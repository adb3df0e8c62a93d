"""Conflicts: the same indicator, period and kind of figure with incompatible values.

Each reading is turned into the set of values it allows ("more than 4.4" allows
anything above 4.4; "about 100" allows 95–105); two readings conflict when their
sets do not overlap. Results and estimates are compared with each other (an estimate
later replaced by a different result is a `revision`); targets with targets; plans with plans.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .series import sort_key

TOLERANCE = Decimal("0.05")  # what "about"/"nearly" allow either side, relative
INF = Decimal("Infinity")
KIND_CLASS = {"actual": "result", "estimate": "result", "target": "target", "plan": "plan"}


def interval(rec: dict, units: dict) -> tuple[Decimal, Decimal, bool, bool]:
    """(low, high, low_open, high_open) in base units."""
    unit = units[rec["unit_id"]]
    low = rec["value"] * unit["factor"]
    high = (rec["value_high"] * unit["factor"]) if rec["value_high"] is not None else low
    comp = rec["comparator"]
    slack_low, slack_high = abs(low) * TOLERANCE, abs(high) * TOLERANCE
    return {
        "eq": (low, high, False, False),
        "gt": (low, INF, True, False),
        "ge": (low, INF, False, False),
        "lt": (-INF, high, False, True),
        "le": (-INF, high, False, False),
        "about": (low - slack_low, high + slack_high, False, False),
        "nearly": (low - slack_low, high, False, False),
    }[comp]


def overlaps(a, b) -> bool:
    lo = max((a[0], a[2]), (b[0], b[2]))
    hi = min((a[1], not a[3]), (b[1], not b[3]))
    if lo[0] < hi[0]:
        return True
    return lo[0] == hi[0] and not lo[1] and hi[1]


def span_key(start: int, end: int) -> tuple:
    """Periods compared as the same span. A five-year term is written both ways in the
    documents ("2015 - 2020" for the congress term, "2016 - 2020" for the plan period),
    so spans of four or five years ending in the same year are treated as one term."""
    if end - start in (4, 5):
        return ("term", end)
    return (start, end)


def find_conflicts(model: dict) -> list[dict]:
    units = model["units"]
    groups = defaultdict(list)
    for rec in model["figures"]:
        base = units[rec["unit_id"]]["base_unit_id"]
        key = (rec["indicator_id"], span_key(rec["period_start"], rec["period_end"]), rec["aggregation"],
               rec["base_period"] or "", rec["price_basis"] or "", KIND_CLASS[rec["kind"]], base)
        groups[key].append(rec)
    conflicts = []
    for key, recs in sorted(groups.items(), key=lambda kv: tuple(str(k) for k in kv[0])):
        if len(recs) < 2:
            continue
        spans = [interval(r, units) for r in recs]
        clash = any(not overlaps(spans[i], spans[j])
                    for i in range(len(recs)) for j in range(i + 1, len(recs)))
        if not clash:
            continue
        kinds = {r["kind"] for r in recs}
        sources = {r["source_id"] for r in recs}
        ctype = "revision" if {"actual", "estimate"} <= kinds and len(sources) > 1 else "disagreement"
        first = min(recs, key=sort_key)
        conflicts.append({
            "indicator_id": key[0], "period_start": first["period_start"], "period_end": first["period_end"],
            "aggregation": key[2], "kind_class": key[5], "type": ctype,
            "figures": sorted(recs, key=sort_key),
        })
    return conflicts
