"""Target assessment: how each target compares with the results reported for it.

Rules (documented on the Methodology page, tested in tests/test_assessment.py):

* A target belongs to a **term** by its kind and end year, as `data/catalogues/terms.csv`
  says: the row of the same kind (`target` or `plan`) whose `end_first`–`end_last` holds the
  figure's last year (targets ending 2016–2020 → `2015-2020`, the 2026 plan → `plan-2026`).
  Validation makes sure exactly one row holds every target and plan.
* Its **results** are the actual and estimate figures of the same indicator, the same
  aggregation and the same span (a five-year term written 2015–2020 or 2016–2020 is one
  span), in a unit convertible to the target's unit.
* With a result, the status is computed from the target's comparator and the indicator's
  direction: `achieved` when the result meets the target, `partly` when it falls short by
  at most 10 % of the target value, `not_achieved` otherwise. A result stated with a
  qualifier ("more than 7") counts with its bound (7, exclusive).
* A yearly-average target of a count or an amount (not a percentage) is also compared with
  a total over the same term, divided by the number of years (a term counts five years).
* Without a result, targets still ahead get the Open SDG progress measure (credited to
  Statistics Canada): the observed compound annual growth rate of the latest results
  against the rate required to reach the target by its year, signed by the desired
  direction; ratio ≥ 0.95 `substantial`, ≥ 0.6 `moderate`, ≥ 0 `limited`, below 0
  `deterioration`; a latest value already meeting the target is `on_target`. Too few
  results, a non-positive value or a neutral direction give `not_available` — no data is
  never shown as failure.
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from ..model import term_of
from .conflicts import span_key
from .series import sort_key

SHORTFALL = Decimal("0.10")  # "partly": within 10 % of the target value
THRESHOLDS = ((0.95, "substantial"), (0.6, "moderate"), (0.0, "limited"))

PAST = ("achieved", "partly", "not_achieved")
AHEAD = ("on_target", "substantial", "moderate", "limited", "deterioration")
STATUSES = PAST + AHEAD + ("not_available",)
def _base(rec: dict, units: dict) -> tuple[Decimal, Decimal | None, str]:
    unit = units[rec["unit_id"]]
    high = rec["value_high"] * unit["factor"] if rec["value_high"] is not None else None
    return rec["value"] * unit["factor"], high, unit["base_unit_id"]


def meets(result: Decimal, result_comp: str, target: Decimal, target_high: Decimal | None,
          comparator: str, direction: str) -> bool:
    """Does a result (with its own qualifier) satisfy the target condition?"""
    strictly_above = result_comp == "gt"
    strictly_below = result_comp == "lt"
    if comparator in ("gt", "ge") or (comparator in ("eq", "about", "nearly") and direction == "higher"):
        if comparator == "gt":
            return result > target or (result == target and strictly_above)
        return result >= target
    if comparator in ("lt", "le") or (comparator in ("eq", "about", "nearly") and direction == "lower"):
        bound = target_high if target_high is not None else target
        if comparator == "lt":
            return result < bound or (result == bound and strictly_below)
        return result <= bound
    # neutral direction, equality: inside the range (or equal)
    high = target_high if target_high is not None else target
    return target <= result <= high


def past_status(result_rec: dict, target_rec: dict, direction: str, units: dict) -> str:
    r, _, _ = _base(result_rec, units)
    t, th, _ = _base(target_rec, units)
    if meets(r, result_rec["comparator"], t, th, target_rec["comparator"], direction):
        return "achieved"
    lower_is_goal = target_rec["comparator"] in ("lt", "le") or direction == "lower"
    if t != 0:
        gap = (r - (th if (lower_is_goal and th is not None) else t)) / abs(t)
        if (lower_is_goal and gap <= SHORTFALL) or (not lower_is_goal and -gap <= SHORTFALL):
            return "partly"
    return "not_achieved"


def span_years(start: int, end: int) -> int:
    """Years in a span: a term ("2015 - 2020" or "2016 - 2020") counts five."""
    return 5 if end - start in (4, 5) else end - start + 1


def cagr(v0: float, v1: float, years: float) -> float:
    return (v1 / v0) ** (1.0 / years) - 1.0


def progress(series: list[tuple[int, float]], target: float, target_year: int, direction: str,
             comparator: str) -> dict:
    """Open SDG progress measure from (year, value) results before the target year."""
    out = {"status": "not_available", "t0": None, "v0": None, "t1": None, "v1": None,
           "observed": None, "required": None, "ratio": None}
    sign = {"higher": 1, "lower": -1}.get(direction)
    if comparator in ("lt", "le"):
        sign = -1
    elif comparator in ("gt", "ge"):
        sign = 1
    points = sorted((t, v) for t, v in series if t < target_year)
    if sign is None or len(points) < 1:
        return out
    t1, v1 = points[-1]
    out.update(t1=t1, v1=v1)
    if (sign > 0 and v1 >= target) or (sign < 0 and v1 <= target):
        out["status"] = "on_target"
        return out
    if len(points) < 2:
        return out
    t0, v0 = points[0]
    out.update(t0=t0, v0=v0)
    if v0 <= 0 or v1 <= 0 or target <= 0 or t1 == t0:
        return out
    observed = sign * cagr(v0, v1, t1 - t0)
    required = sign * cagr(v1, target, target_year - t1)
    out.update(observed=observed, required=required)
    if required <= 0:
        return out
    ratio = observed / required
    out["ratio"] = ratio
    for threshold, name in THRESHOLDS:
        if ratio >= threshold:
            out["status"] = name
            return out
    out["status"] = "deterioration"
    return out


def assess(model: dict) -> list[dict]:
    """One entry per target or plan figure, with its results and computed status."""
    units, indicators = model["units"], model["indicators"]
    results_by_ind: dict[str, list[dict]] = {}
    for rec in model["figures"]:
        if rec["kind"] in ("actual", "estimate"):
            results_by_ind.setdefault(rec["indicator_id"], []).append(rec)
    out = []
    for target in sorted((f for f in model["figures"] if f["kind"] in ("target", "plan")), key=sort_key):
        ind = indicators[target["indicator_id"]]
        t_value, t_high, t_base = _base(target, units)
        span = span_key(target["period_start"], target["period_end"])
        candidates = [r for r in results_by_ind.get(target["indicator_id"], [])
                      if units[r["unit_id"]]["base_unit_id"] == t_base]
        matched = sorted((r for r in candidates
                          if r["aggregation"] == target["aggregation"]
                          and span_key(r["period_start"], r["period_end"]) == span),
                         key=lambda r: (r["kind"] != "actual", r["source_id"] == target["source_id"], sort_key(r)))
        entry = {"target": target, "term": term_of(target, model["terms"]), "indicator": ind, "results": matched,
                 "status": "not_available", "progress": None, "average_of_total": None}
        if not matched and target["aggregation"] == "annual_average" and t_base != "percent":
            totals = sorted((r for r in candidates if r["aggregation"] == "period_total"
                             and span_key(r["period_start"], r["period_end"]) == span),
                            key=lambda r: (r["kind"] != "actual", sort_key(r)))
            if totals:
                total = totals[0]
                years = span_years(total["period_start"], total["period_end"])
                average = dict(total, value=total["value"] / years,
                               value_high=None if total["value_high"] is None else total["value_high"] / years,
                               aggregation="annual_average")
                entry["results"] = totals
                entry["average_of_total"] = {"total": total, "years": years, "average": average}
                entry["status"] = past_status(average, target, ind["direction"], units)
        if matched:
            entry["status"] = past_status(matched[0], target, ind["direction"], units)
        elif target["aggregation"] == "year" and entry["average_of_total"] is None:
            series = {}
            for r in candidates:
                if r["aggregation"] == "year" and r["period_end"] < target["period_end"]:
                    v, _, _ = _base(r, units)
                    series.setdefault(r["period_end"], float(v))  # actual before estimate (sort order)
            factor = units[target["unit_id"]]["factor"]
            prog = progress(sorted(series.items()), float(t_value), target["period_end"], ind["direction"],
                            target["comparator"])
            for key in ("v0", "v1"):
                if prog[key] is not None:
                    prog[key] = prog[key] / float(factor)  # back to the target's unit for display
            entry["progress"] = prog
            entry["status"] = prog["status"]
        out.append(entry)
    return out


def term_counts(assessments: list[dict], terms: list[dict]) -> dict:
    """Per term id: how many targets have each status, and the total."""
    counts = {}
    for term in terms:
        c = Counter(e["status"] for e in assessments if e["term"] == term["id"])
        counts[term["id"]] = {st: c.get(st, 0) for st in STATUSES}
        counts[term["id"]]["total"] = sum(c.values())
    return counts
