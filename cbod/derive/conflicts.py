"""Conflicts: two readings of the same figure that cannot both be true.

Each reading is turned into the set of values it allows, in base units:

* a number stands for every value that rounds to it: a value written with d decimals is
  [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ) — "19" (per cent) is consistent with 18.7, "4.46" with 4.455…4.465;
* a qualifier opens the set: "more than 7" is (7, ∞), "at least 7" is [7, ∞), "less than" and
  "at most" the same downwards (the bound as written, open or closed);
* "about" allows TOLERANCE either side (or the rounding, if wider), "nearly" TOLERANCE below;
* a range "75 - 80" runs from the lower end of 75 to the upper end of 80.

Readings of the same indicator, span, aggregation, base, price basis and class (results and
estimates together; targets with targets; plans with plans) are compared in pairs; a pair
whose sets do not overlap is a conflict. Its type follows the documents' dates: a later
document that gives another value for the same figure is a `revision`; documents of the same
time (or one document with itself) give a `disagreement`. Readings that are written
differently but overlap (rounding, a qualifier in running text) are `agreements`: no conflict,
shown as a note.
"""
from __future__ import annotations

import functools

from collections import defaultdict
from decimal import Decimal

from .series import sort_key

TOLERANCE = Decimal("0.05")  # what "about"/"nearly" allow either side, relative
INF = Decimal("Infinity")
KIND_CLASS = {"actual": "result", "estimate": "result", "target": "target", "plan": "plan"}
TYPES = ("disagreement", "revision")

Interval = tuple[Decimal, Decimal, bool, bool]  # (low, high, low_open, high_open)


def half_step(value: Decimal) -> Decimal:
    """Half a unit of the last decimal written: 19 -> 0.5, 18.7 -> 0.05, 28618 -> 0.5."""
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return Decimal(5).scaleb(-decimals - 1)


def interval(rec: dict, units: dict) -> Interval:
    """The values a reading allows, (low, high, low_open, high_open), in base units."""
    factor = units[rec["unit_id"]]["factor"]
    v = rec["value"]
    vh = rec["value_high"] if rec["value_high"] is not None else v
    h_low, h_high = half_step(v), half_step(vh)
    comp = rec["comparator"]
    if comp == "eq":
        low, high, lo_open, hi_open = v - h_low, vh + h_high, False, True
    elif comp == "gt":
        low, high, lo_open, hi_open = v, INF, True, False
    elif comp == "ge":
        low, high, lo_open, hi_open = v, INF, False, False
    elif comp == "lt":
        low, high, lo_open, hi_open = -INF, vh, False, True
    elif comp == "le":
        low, high, lo_open, hi_open = -INF, vh, False, False
    elif comp == "about":
        low, high = v - max(h_low, abs(v) * TOLERANCE), vh + max(h_high, abs(vh) * TOLERANCE)
        lo_open = hi_open = False
    elif comp == "nearly":
        low, high, lo_open, hi_open = v - max(h_low, abs(v) * TOLERANCE), vh + h_high, False, True
    else:
        raise ValueError(f"unknown comparator {comp!r}")
    scale = (lambda x: x if x in (INF, -INF) else x * factor)
    return scale(low), scale(high), lo_open, hi_open


def overlaps(a: Interval, b: Interval) -> bool:
    """Do two intervals share a value? A shared end counts only when both sides include it."""
    lo = max((a[0], a[2]), (b[0], b[2]))          # the higher lower end; open wins a tie
    hi = min((a[1], not a[3]), (b[1], not b[3]))  # the lower upper end; open wins a tie
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


@functools.lru_cache(maxsize=4096)
def date_key(text: str) -> tuple[int, ...]:
    """A document date as written in sources.csv ('2025', '2025-12', '2025-12-11')."""
    return tuple(int(part) for part in str(text).split("-") if part.isdigit())


def later(a: str, b: str) -> int:
    """1 if date a is later than b, -1 if earlier, 0 if the same at the precision both give."""
    ka, kb = date_key(a), date_key(b)
    n = min(len(ka), len(kb))
    return (ka[:n] > kb[:n]) - (ka[:n] < kb[:n])


def conflict_type(a: dict, b: dict, sources: dict) -> str:
    if a["source_id"] != b["source_id"] and later(sources[a["source_id"]]["date"], sources[b["source_id"]]["date"]):
        return "revision"
    return "disagreement"


def _groups(model: dict) -> dict[tuple, list[dict]]:
    units = model["units"]
    groups = defaultdict(list)
    for rec in model["figures"]:
        base = units[rec["unit_id"]]["base_unit_id"]
        key = (rec["indicator_id"], span_key(rec["period_start"], rec["period_end"]), rec["aggregation"],
               rec["base_period"] or "", rec["price_basis"] or "", KIND_CLASS[rec["kind"]], base)
        groups[key].append(rec)
    return groups


def _order(a: dict, b: dict, sources: dict) -> tuple[dict, dict]:
    """Earlier document first; within one date, the figures' own order."""
    step = later(sources[a["source_id"]]["date"], sources[b["source_id"]]["date"])
    if step > 0 or (step == 0 and sort_key(b) < sort_key(a)):
        return b, a
    return a, b


def compare_readings(model: dict) -> tuple[list[dict], list[dict]]:
    """(conflicts, agreements). A conflict is one pair of readings that cannot both be true;
    an agreement is a group of readings written differently that are all consistent."""
    units, sources = model["units"], model["sources"]
    conflicts, agreements = [], []
    for key, recs in sorted(_groups(model).items(), key=lambda kv: tuple(str(k) for k in kv[0])):
        if len(recs) < 2:
            continue
        recs = sorted(recs, key=sort_key)
        spans = [interval(r, units) for r in recs]
        clashes = []
        for i in range(len(recs)):
            for j in range(i + 1, len(recs)):
                if not overlaps(spans[i], spans[j]):
                    a, b = _order(recs[i], recs[j], sources)
                    clashes.append((a, b))
        base = {"indicator_id": key[0], "aggregation": key[2], "kind_class": key[5],
                "period_start": min(r["period_start"] for r in recs), "period_end": recs[0]["period_end"]}
        if clashes:
            for a, b in clashes:
                conflicts.append(dict(base, type=conflict_type(a, b, sources), figures=[a, b]))
            continue
        written = {(r["comparator"], r["value"] * units[r["unit_id"]]["factor"],
                    None if r["value_high"] is None else r["value_high"] * units[r["unit_id"]]["factor"])
                   for r in recs}
        if len(written) > 1:
            agreements.append(dict(base, figures=recs))
    return conflicts, agreements


def find_conflicts(model: dict) -> list[dict]:
    return compare_readings(model)[0]
