"""Target assessment: how each target compares with the results reported for it.

Rules (written on the Methodology page, tested in tests/test_assessment.py and, on the real
documents, in tests/test_scorecard_expected.py):

* A target belongs to a **term** by its kind and end year (`data/catalogues/terms.csv`: the
  row of the same kind whose `end_first`–`end_last` holds its last year). A term **runs** from
  the year before its first end year (2020 for 2020–2025, 2025 for the 2026 plan) to its last
  end year. It **has ended** when the year of the newest source document (the `date` column of
  `sources.csv`) has reached its last end year: the documents give a year's results in its
  last months (`has_ended`).
* Its **results** are the actual and estimate figures of the same indicator, with the same
  base (`base_period`) and price basis, in a unit convertible to the target's unit.
* **Same period.** A result of the same aggregation and span (a five-year term written
  2015–2020 or 2016–2020 is one span) is compared with the target: `achieved` when it meets
  the target's condition (the result's own qualifier counts: "more than 7" is above 7),
  `partly` when it falls short by at most SHORTFALL of the target value, `not_achieved`
  otherwise. A target with **no preferred direction** (an "equal" target on an indicator whose
  direction is neutral, such as a share of GRDP) is met within NEUTRAL_TOLERANCE of the target
  on either side, and not achieved beyond it. A target **over the term** (a total) is compared
  with the total over the same term.
* **Yearly average from a total.** A yearly-average target of a count or an amount (not a
  percentage) is also compared with a total over the same term divided by its years (a term
  counts five).
* **Only recent evidence.** Without a result for its period, a target of a term that has
  ended is `not_available`: final statuses only. A rate of change (`measure` = change in the
  indicator catalogue: growth, reductions, changes of share) is never judged from another
  period. For a level target of a running term, the Open SDG progress measure (credited to
  Statistics Canada) uses only yearly results from inside the term (and after a series
  break): a latest value that already meets the target is `on_target`; with two or more, the
  observed compound annual growth against the growth still required, signed by the desired
  direction, gives `substantial` (ratio ≥ 0.95), `moderate` (≥ 0.6), `limited` (≥ 0) or
  `deterioration` (< 0).
* Otherwise `not_available`, with a reason (units that cannot be converted, no result yet,
  only results from before the term…) — no data is never shown as failure.
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from ..model import term_of
from .conflicts import date_key, span_key
from .series import sort_key

SHORTFALL = Decimal("0.10")  # "partly": within 10 % of the target value
NEUTRAL_TOLERANCE = Decimal("0.05")  # no preferred direction: met within 5 % either side
THRESHOLDS = ((0.95, "substantial"), (0.6, "moderate"), (0.0, "limited"))

PAST = ("achieved", "partly", "not_achieved")
AHEAD = ("on_target", "substantial", "moderate", "limited", "deterioration")
STATUSES = PAST + AHEAD + ("not_available",)
FINAL = PAST + ("not_available",)  # the only statuses of a term that has ended

# What decided the status (column `rule` of the scorecard) ...
RULES = ("same_period", "average_of_total", "progress", "none")
# ... and, when nothing could be compared or measured, why (column `reason`).
REASONS = ("units_differ", "term_ended", "change_needs_same_period", "before_term", "no_result",
           "one_result", "no_direction", "cannot_measure")
# Units a yearly average can be computed from a total in (amounts and counts add up; rates do not).
NOT_ADDITIVE = {"percent", "percentage-point", "per-mille", "times", "rank", "score"}


def _base(rec: dict, units: dict) -> tuple[Decimal, Decimal | None, str]:
    unit = units[rec["unit_id"]]
    high = rec["value_high"] * unit["factor"] if rec["value_high"] is not None else None
    return rec["value"] * unit["factor"], high, unit["base_unit_id"]


# --- terms -----------------------------------------------------------------------------

def reference_year(sources: dict) -> int:
    """The year of the newest source document: what the data knows of today."""
    return max(date_key(s["date"]) for s in sources.values())[0]


def has_ended(term: dict, sources: dict) -> bool:
    """A term has ended when the newest document is from its last end year or later
    (the documents report a year's results in its last months)."""
    return reference_year(sources) >= term["end_last"]


def term_start(term: dict) -> int:
    """First year of a term's evidence: the year before its first end year (2020 for the
    2020–2025 term, whose targets end 2021–2025; 2025 for the 2026 plan)."""
    return term["end_first"] - 1


# --- comparing one result with a target --------------------------------------------------

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


def without_direction(comparator: str, direction: str) -> bool:
    """An 'equal' (or about, nearly) target on an indicator with no preferred direction."""
    return direction == "neutral" and comparator in ("eq", "about", "nearly")


def past_status(result_rec: dict, target_rec: dict, direction: str, units: dict) -> str:
    r, _, _ = _base(result_rec, units)
    t, th, _ = _base(target_rec, units)
    if without_direction(target_rec["comparator"], direction):
        high = th if th is not None else t
        inside = abs(t) * (1 - NEUTRAL_TOLERANCE) <= abs(r) <= abs(high) * (1 + NEUTRAL_TOLERANCE)
        return "achieved" if inside else "not_achieved"
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


# --- the Open SDG progress measure (levels of running terms) ----------------------------

def cagr(v0: float, v1: float, years: float) -> float:
    return (v1 / v0) ** (1.0 / years) - 1.0


def progress(series: list[tuple[int, float]], target: float, target_year: int, direction: str,
             comparator: str) -> dict:
    """Open SDG progress measure from (year, value) results before the target year (the
    caller keeps only those inside the term). `reason` says why it gave no status."""
    out = {"status": "not_available", "reason": None, "t0": None, "v0": None, "t1": None, "v1": None,
           "observed": None, "required": None, "ratio": None}
    sign = {"higher": 1, "lower": -1}.get(direction)
    if comparator in ("lt", "le"):
        sign = -1
    elif comparator in ("gt", "ge"):
        sign = 1
    points = sorted((t, v) for t, v in series if t < target_year)
    if sign is None:
        out["reason"] = "no_direction"
        return out
    if not points:
        out["reason"] = "no_result"
        return out
    t1, v1 = points[-1]
    out.update(t1=t1, v1=v1)
    if (sign > 0 and v1 >= target) or (sign < 0 and v1 <= target):
        out["status"] = "on_target"
        return out
    if len(points) < 2:
        out["reason"] = "one_result"
        return out
    t0, v0 = points[0]
    out.update(t0=t0, v0=v0)
    if v0 <= 0 or v1 <= 0 or target <= 0 or t1 == t0:
        out["reason"] = "cannot_measure"
        return out
    observed = sign * cagr(v0, v1, t1 - t0)
    required = sign * cagr(v1, target, target_year - t1)
    out.update(observed=observed, required=required)
    if required <= 0:
        out["reason"] = "cannot_measure"
        return out
    ratio = observed / required
    out["ratio"] = ratio
    for threshold, name in THRESHOLDS:
        if ratio >= threshold:
            out["status"] = name
            return out
    out["status"] = "deterioration"
    return out


# --- every target ------------------------------------------------------------------------

def same_basis(result: dict, target: dict) -> bool:
    """The same base of comparison, and no conflicting price basis."""
    if (result["base_period"] or "") != (target["base_period"] or ""):
        return False
    return not (result["price_basis"] and target["price_basis"] and result["price_basis"] != target["price_basis"])


def preference(sources: dict):
    """Which result speaks for a target first: results before estimates, the newest
    document, a figure with the document's own verdict, then the figures' order."""
    def key(r: dict):
        newest_first = tuple(-part for part in date_key(sources[r["source_id"]]["date"]))
        verdict = r["reported_status"] is not None or r["reported_pct_of_target"] is not None
        return (r["kind"] != "actual", newest_first, not verdict, sort_key(r))
    return key


def series_breaks(model: dict) -> dict[str, list[int]]:
    """indicator id -> first years of new definitions (catalogues/series-breaks.csv)."""
    out: dict[str, list[int]] = {}
    for row in model["catalogues"].get("series-breaks", []):
        out.setdefault(row["indicator_id"], []).append(row["year"])
    return {k: sorted(v) for k, v in out.items()}


def assess(model: dict) -> list[dict]:
    """One entry per target or plan figure, with its results, status, rule and reason."""
    units, indicators, sources = model["units"], model["indicators"], model["sources"]
    terms = {t["id"]: t for t in model["terms"]}
    breaks = series_breaks(model)
    prefer = preference(sources)
    results_by_ind: dict[str, list[dict]] = {}
    for rec in model["figures"]:
        if rec["kind"] in ("actual", "estimate"):
            results_by_ind.setdefault(rec["indicator_id"], []).append(rec)
    out = []
    for target in sorted((f for f in model["figures"] if f["kind"] in ("target", "plan")), key=sort_key):
        ind = indicators[target["indicator_id"]]
        term_id = term_of(target, model["terms"])
        term = terms[term_id]
        ended = has_ended(term, sources)
        t_value, _, t_base = _base(target, units)
        span = span_key(target["period_start"], target["period_end"])
        same_period = (lambda r: r["aggregation"] == target["aggregation"]
                       and span_key(r["period_start"], r["period_end"]) == span)
        own = [r for r in results_by_ind.get(target["indicator_id"], []) if same_basis(r, target)]
        candidates = [r for r in own if units[r["unit_id"]]["base_unit_id"] == t_base]
        matched = sorted((r for r in candidates if same_period(r)), key=prefer)
        entry = {"target": target, "term": term_id, "ended": ended, "indicator": ind, "results": matched,
                 "status": "not_available", "rule": "none", "reason": None,
                 "progress": None, "average_of_total": None}
        totals = sorted((r for r in candidates if r["aggregation"] == "period_total"
                         and span_key(r["period_start"], r["period_end"]) == span), key=prefer)
        if matched:
            entry.update(status=past_status(matched[0], target, ind["direction"], units), rule="same_period")
        elif target["aggregation"] == "annual_average" and totals and t_base not in NOT_ADDITIVE:
            total = totals[0]
            years = span_years(total["period_start"], total["period_end"])
            average = dict(total, value=total["value"] / years,
                           value_high=None if total["value_high"] is None else total["value_high"] / years,
                           aggregation="annual_average", comparator=total["comparator"])
            entry.update(results=totals, average_of_total={"total": total, "years": years, "average": average},
                         status=past_status(average, target, ind["direction"], units), rule="average_of_total")
        elif any(same_period(r) for r in own):
            entry["reason"] = "units_differ"
        elif ended:
            entry["reason"] = "term_ended"
        elif ind["measure"] == "change":
            entry["reason"] = "change_needs_same_period"
        elif target["aggregation"] != "year":
            entry["reason"] = "no_result"
        else:
            first = term_start(term)
            for year in breaks.get(target["indicator_id"], []):
                if year <= target["period_end"]:
                    first = max(first, year)
            yearly = [r for r in candidates if r["aggregation"] == "year" and r["period_end"] < target["period_end"]]
            inside = sorted((r for r in yearly if r["period_end"] >= first), key=prefer)
            series: dict[int, dict] = {}
            for r in inside:
                series.setdefault(r["period_end"], r)  # the preferred result of each year
            prog = progress(sorted((y, float(_base(r, units)[0])) for y, r in series.items()), float(t_value),
                            target["period_end"], ind["direction"], target["comparator"])
            if prog["reason"] == "no_result" and yearly:
                prog["reason"] = "before_term"
            factor = units[target["unit_id"]]["factor"]
            for key in ("v0", "v1"):
                if prog[key] is not None:
                    prog[key] = prog[key] / float(factor)  # back to the target's unit for display
            prog["latest"] = series.get(prog["t1"]) if prog["t1"] is not None else None
            prog["base"] = series.get(prog["t0"]) if prog["t0"] is not None else None
            entry.update(progress=prog, status=prog["status"], reason=prog["reason"],
                         rule="progress" if prog["reason"] is None else "none",
                         results=[prog["latest"]] if prog["latest"] else [])
        if entry["status"] == "not_available" and entry["reason"] is None:
            entry["reason"] = "no_result"
        assert not ended or entry["status"] in FINAL, (target, entry["status"])
        out.append(entry)
    return out


def verdict(entry: dict) -> dict | None:
    """The document's own assessment of the target, from the first result that gives one."""
    for r in entry["results"]:
        if r.get("reported_status") or r.get("reported_pct_of_target") is not None:
            return r
    return None


def term_counts(assessments: list[dict], terms: list[dict]) -> dict:
    """Per term id: how many targets have each status, and the total."""
    counts = {}
    for term in terms:
        c = Counter(e["status"] for e in assessments if e["term"] == term["id"])
        counts[term["id"]] = {st: c.get(st, 0) for st in STATUSES}
        counts[term["id"]]["total"] = sum(c.values())
    return counts
