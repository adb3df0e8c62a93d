"""Target assessment rules, table-driven at their thresholds."""
from decimal import Decimal as D

import pytest

from cbod.derive.assessment import cagr, meets, past_status, progress
from cbod.model import term_of

UNITS = {"percent": {"id": "percent", "base_unit_id": "percent", "factor": D(1)},
         "billion-vnd": {"id": "billion-vnd", "base_unit_id": "billion-vnd", "factor": D(1)},
         "trillion-vnd": {"id": "trillion-vnd", "base_unit_id": "billion-vnd", "factor": D(1000)}}


def fig(value, comparator="eq", high=None, unit="percent", kind="actual", start=2025, end=2025):
    return {"value": D(str(value)), "value_high": None if high is None else D(str(high)), "comparator": comparator,
            "unit_id": unit, "kind": kind, "period_start": start, "period_end": end}


TERMS = [{"id": "2015-2020", "kind": "target", "end_first": 2016, "end_last": 2020},
         {"id": "2020-2025", "kind": "target", "end_first": 2021, "end_last": 2025},
         {"id": "plan-2026", "kind": "plan", "end_first": 2026, "end_last": 2026},
         {"id": "plan-2027", "kind": "plan", "end_first": 2027, "end_last": 2027}]


@pytest.mark.parametrize("kind, end, term", [
    ("target", 2020, "2015-2020"), ("target", 2016, "2015-2020"), ("target", 2021, "2020-2025"),
    ("target", 2025, "2020-2025"), ("plan", 2026, "plan-2026"), ("plan", 2027, "plan-2027"),
    ("target", 2026, None),  # a plan year does not hold a term target
    ("target", 2015, None), ("actual", 2025, None), ("estimate", 2020, None)])
def test_term_of(kind, end, term):
    assert term_of({"kind": kind, "period_end": end}, TERMS) == term


@pytest.mark.parametrize("result, rcomp, target, high, comp, direction, expected", [
    ("7", "eq", "7", None, "eq", "higher", True),        # equal meets an 'eq' target when higher is better
    ("6.9", "eq", "7", None, "eq", "higher", False),
    ("7", "eq", "7", None, "gt", "higher", False),       # 'more than 7' is not met by exactly 7
    ("7", "gt", "7", None, "gt", "higher", True),        # ...but is by 'more than 7'
    ("7.01", "eq", "7", None, "gt", "higher", True),
    ("3", "eq", "3", None, "le", "lower", True),
    ("3.1", "eq", "3", None, "le", "lower", False),
    ("3", "eq", "3", None, "lt", "lower", False),
    ("14", "eq", "15", None, "lt", "neutral", True),     # comparator decides over a neutral direction
    ("77", "eq", "75", "80", "eq", "neutral", True),     # inside a range
    ("81", "eq", "75", "80", "eq", "neutral", False),
    ("81", "eq", "75", "80", "eq", "higher", True),      # above a range is fine when higher is better
    ("74", "eq", "75", "80", "eq", "higher", False),
])
def test_meets(result, rcomp, target, high, comp, direction, expected):
    assert meets(D(result), rcomp, D(target), None if high is None else D(high), comp, direction) is expected


@pytest.mark.parametrize("result, target, comp, direction, status", [
    ("100", "100", "ge", "higher", "achieved"),
    ("90", "100", "ge", "higher", "partly"),          # exactly 10 % short
    ("89.9", "100", "ge", "higher", "not_achieved"),
    ("110", "100", "le", "lower", "partly"),
    ("110.1", "100", "le", "lower", "not_achieved"),
])
def test_past_status_thresholds(result, target, comp, direction, status):
    assert past_status(fig(result), fig(target, comp, kind="target"), direction, UNITS) == status


def test_past_status_converts_units():
    # 2.5 trillion VND meets a target of 2,400 billion VND
    assert past_status(fig("2.5", unit="trillion-vnd"), fig("2400", unit="billion-vnd", kind="target"),
                       "higher", UNITS) == "achieved"


def test_cagr():
    assert cagr(100, 121, 2) == pytest.approx(0.10)


@pytest.mark.parametrize("series, target, status", [
    ([(2020, 100.0), (2022, 121.0)], 121.0 * 1.1 ** 3, "substantial"),   # observed 10 %, required 10 %: ratio 1
    ([(2020, 100.0), (2022, 121.0)], 121.0 * 1.2 ** 3, "limited"),       # ratio ~0.49
    ([(2020, 100.0), (2022, 110.25)], 110.25 * 1.075 ** 3, "moderate"),  # 5 % vs 7.5 %: ratio ~0.67
    ([(2020, 121.0), (2022, 100.0)], 150.0, "deterioration"),
    ([(2020, 100.0), (2022, 130.0)], 120.0, "on_target"),
    ([(2022, 100.0)], 130.0, "not_available"),                           # one point: no growth rate
    ([], 130.0, "not_available"),
])
def test_progress_open_sdg_thresholds(series, target, status):
    assert progress(series, target, 2025, "higher", "ge")["status"] == status


@pytest.mark.parametrize("ratio, status", [(0.96, "substantial"), (0.94, "moderate"), (0.61, "moderate"),
                                           (0.59, "limited"), (0.01, "limited")])
def test_progress_thresholds_at_their_edges(ratio, status):
    """Observed growth 10 %/year; the target asks for 10 %/ratio a year over three years."""
    required = 0.10 / ratio
    target = 121.0 * (1 + required) ** 3
    result = progress([(2020, 100.0), (2022, 121.0)], target, 2025, "higher", "ge")
    assert result["ratio"] == pytest.approx(ratio) and result["status"] == status


def test_progress_lower_is_better_signs_growth():
    # a poverty rate falling 10 %/year towards a target requiring 10 %/year is substantial progress
    series = [(2020, 10.0), (2022, 8.1)]
    target = 8.1 * 0.9 ** 3
    assert progress(series, target, 2025, "lower", "le")["status"] == "substantial"


def test_progress_needs_a_direction():
    assert progress([(2020, 1.0), (2022, 2.0)], 5.0, 2025, "neutral", "eq")["status"] == "not_available"


SOURCES = {"old": {"id": "old", "date": "2020-05-12"}, "new": {"id": "new", "date": "2025"},
           "plan": {"id": "plan", "date": "2025-12-11"}}


def figure(indicator, value, kind, start, end, aggregation="year", comparator="eq", unit="percent", source="new",
           high=None, base_period=None, locator="l"):
    return {"indicator_id": indicator, "value": D(str(value)), "value_high": None if high is None else D(str(high)),
            "comparator": comparator, "unit_id": unit, "kind": kind, "period_start": start, "period_end": end,
            "aggregation": aggregation, "source_id": source, "locator": locator, "base_period": base_period,
            "price_basis": None, "reported_status": None, "reported_pct_of_target": None}


def model_of(*figures, indicators=None, sources=SOURCES, breaks=()):
    units = dict(UNITS, school={"id": "school", "base_unit_id": "school", "factor": D(1)},
                 usd={"id": "usd", "base_unit_id": "usd", "factor": D(1)},
                 **{"million-vnd": {"id": "million-vnd", "base_unit_id": "million-vnd", "factor": D(1)}})
    terms = TERMS[:2] + [{"id": "2025-2030", "kind": "target", "end_first": 2026, "end_last": 2030}] + TERMS[2:]
    return {"units": units, "figures": list(figures), "terms": terms, "sources": sources,
            "indicators": indicators or {"x": {"id": "x", "direction": "higher", "measure": "level"}},
            "catalogues": {"series-breaks": [{"indicator_id": i, "year": y} for i, y in breaks]}}


def only(model):
    from cbod.derive.assessment import assess
    (entry,) = assess(model)
    return entry


def test_yearly_average_target_compared_with_term_total():
    """'At least 13 new standard schools a year' (2015–2020) against 86 over the term: 86 / 5 = 17.2."""
    target = figure("x", 13, "target", 2015, 2020, "annual_average", "ge", unit="school", source="old")
    total = figure("x", 86, "estimate", 2015, 2020, "period_total", unit="school", source="old", locator="m")
    model = model_of(target, total)
    entry = only(model)
    assert (entry["status"], entry["rule"]) == ("achieved", "average_of_total")
    assert entry["term"] == "2015-2020"
    assert entry["average_of_total"]["years"] == 5
    assert entry["average_of_total"]["average"]["value"] == D("17.2")
    total["value"] = D("60")  # 12 a year: within 10 % of 13
    assert only(model)["status"] == "partly"


def test_no_yearly_average_of_a_rate_from_a_total():
    """A yearly growth target is not divided out of a growth over the whole term."""
    target = figure("x", 10, "target", 2015, 2020, "annual_average", source="old")
    total = figure("x", 98, "actual", 2016, 2020, "period_total", source="new")
    entry = only(model_of(target, total))
    assert (entry["status"], entry["reason"]) == ("not_available", "term_ended")


NEUTRAL = {"x": {"id": "x", "direction": "neutral", "measure": "level"}}


@pytest.mark.parametrize("result, status", [
    ("16.4", "achieved"),
    ("17.22", "achieved"),      # 5 % above 16.4: the edge is inside
    ("17.23", "not_achieved"),
    ("15.58", "achieved"),      # 5 % below
    ("15.57", "not_achieved"),
    ("19.72", "not_achieved"),  # agriculture's share in 2025 against 16.4 %: 20 % over, not "partly"
])
def test_a_target_without_direction_is_met_within_the_tolerance_on_either_side(result, status):
    target = figure("x", "16.4", "target", 2025, 2025, source="old")
    assert only(model_of(target, figure("x", result, "estimate", 2025, 2025), indicators=NEUTRAL))["status"] == status


def test_a_neutral_indicator_with_a_bound_keeps_partly():
    """'Less than 15 %' has a direction of its own: 16 is within 10 % of it."""
    target = figure("x", 15, "target", 2025, 2025, comparator="lt", source="old")
    assert only(model_of(target, figure("x", 16, "estimate", 2025, 2025), indicators=NEUTRAL))["status"] == "partly"


CHANGE = {"x": {"id": "x", "direction": "higher", "measure": "change"}}


def test_a_rate_of_change_is_never_judged_from_another_period():
    """The 2026 plan's 11 % investment growth against the 39 % growth of 2022: no status."""
    target = figure("x", 11, "plan", 2026, 2026, source="plan")
    entry = only(model_of(target, figure("x", 39, "actual", 2022, 2022), figure("x", 12, "actual", 2025, 2025),
                          indicators=CHANGE))
    assert (entry["status"], entry["reason"], entry["rule"]) == ("not_available", "change_needs_same_period", "none")


def test_a_rate_of_change_is_judged_with_the_same_span_and_aggregation():
    target = figure("x", 8, "target", 2020, 2025, "annual_average", "gt", source="old")
    entry = only(model_of(target, figure("x", "4.46", "estimate", 2021, 2025, "annual_average"),
                          figure("x", 9, "actual", 2025, 2025), indicators=CHANGE))
    assert (entry["status"], entry["rule"]) == ("not_achieved", "same_period")
    assert entry["results"][0]["value"] == D("4.46")


def test_a_result_from_before_the_term_says_nothing():
    """A 2015 value above the 2026 plan is not 'already reached'."""
    target = figure("x", 3, "plan", 2026, 2026, comparator="gt", source="plan")
    entry = only(model_of(target, figure("x", 4, "actual", 2015, 2015, source="old")))
    assert (entry["status"], entry["reason"]) == ("not_available", "before_term")


def test_an_ended_term_gets_final_statuses_only():
    """2020 and 2022 results for a 2025 target: 'on track' while the term runs, nothing once it has ended."""
    target = figure("x", 95, "target", 2025, 2025, source="old")
    results = (figure("x", 80, "actual", 2020, 2020, source="old"), figure("x", "86.4", "actual", 2022, 2022))
    running = only(model_of(target, *results, sources={"old": SOURCES["old"], "new": {"id": "new", "date": "2023"}}))
    assert (running["status"], running["rule"]) == ("substantial", "progress")  # 3.9 %/year seen, 3.2 % needed
    ended = only(model_of(target, *results))  # the newest document is from 2025
    assert (ended["status"], ended["reason"], ended["ended"]) == ("not_available", "term_ended", True)


@pytest.mark.parametrize("dates, ended", [
    (("2020-05-12", "2024"), False),
    (("2020-05-12", "2025"), True),
    (("2025-12-11", "2024"), True),
    (("2026-01", "2019"), True),
])
def test_a_term_has_ended_when_the_newest_document_reaches_its_last_year(dates, ended):
    from cbod.derive.assessment import has_ended
    sources = {str(i): {"id": str(i), "date": d} for i, d in enumerate(dates)}
    assert has_ended({"end_first": 2021, "end_last": 2025}, sources) is ended


def test_a_term_total_target_is_compared_with_the_term_total():
    """'More than 4.5 billion USD over the term' against 'more than 4.4 billion USD' for 2020–2025."""
    target = figure("x", "4.5", "target", 2020, 2025, "period_total", "gt", unit="billion-vnd", source="old")
    result = figure("x", "4.4", "actual", 2020, 2025, "period_total", "gt", unit="billion-vnd")
    entry = only(model_of(target, result, figure("x", 900, "actual", 2022, 2022, unit="billion-vnd")))
    assert (entry["status"], entry["rule"]) == ("partly", "same_period")


def test_units_that_cannot_be_converted_give_a_reason():
    target = figure("x", 1650, "target", 2020, 2020, unit="usd", source="old")
    entry = only(model_of(target, figure("x", "37.2", "estimate", 2020, 2020, unit="million-vnd", source="old")))
    assert (entry["status"], entry["reason"]) == ("not_available", "units_differ")


def test_a_different_base_is_not_the_same_figure():
    target = figure("x", 10, "target", 2015, 2020, "annual_average", source="old")
    entry = only(model_of(target, figure("x", 98, "actual", 2016, 2020, "annual_average", base_period="2011-2015")))
    assert entry["status"] == "not_available"


def test_results_after_a_series_break_only():
    """A 2030 target of a running term: the 2021 value (old standard) does not count."""
    target = figure("x", 10, "target", 2030, 2030, comparator="le", source="new")
    lower = {"x": {"id": "x", "direction": "lower", "measure": "level"}}
    results = (figure("x", 30, "actual", 2025, 2025), figure("x", 20, "actual", 2027, 2027, source="plan"))
    sources = dict(SOURCES, plan={"id": "plan", "date": "2028"})
    with_break = only(model_of(target, *results, indicators=lower, sources=sources, breaks=[("x", 2026)]))
    assert (with_break["status"], with_break["reason"]) == ("not_available", "one_result")
    without = only(model_of(target, *results, indicators=lower, sources=sources))
    assert without["rule"] == "progress" and without["progress"]["t0"] == 2025


def test_actual_results_and_newer_documents_speak_first():
    target = figure("x", 7, "target", 2015, 2020, "annual_average", source="old")
    estimate = figure("x", 8, "estimate", 2016, 2020, "annual_average", source="new", locator="a")
    old_actual = figure("x", 6, "actual", 2016, 2020, "annual_average", source="old", locator="b")
    new_actual = figure("x", 7, "actual", 2015, 2020, "annual_average", source="new", locator="c")
    entry = only(model_of(target, estimate, old_actual, new_actual))
    assert [r["locator"] for r in entry["results"]] == ["c", "b", "a"]
    assert entry["status"] == "achieved"


def test_the_published_rules_state_the_numbers_the_code_uses():
    """The methodology pages and the note under the scorecard repeat the thresholds in words;
    changing a threshold in code without them fails here."""
    from pathlib import Path

    import yaml

    from cbod.derive.assessment import NEUTRAL_TOLERANCE, SHORTFALL, THRESHOLDS
    from cbod.derive.conflicts import TOLERANCE
    root = Path(__file__).resolve().parent.parent

    def num(x, lang):  # 0.95 -> "0,95" in Vietnamese
        text = format(D(str(x)).normalize(), "f")
        return text.replace(".", ",") if lang == "vi" else text

    for lang in ("vi", "en"):
        methodology = (root / "site_src/docs" / lang / "methodology.md").read_text(encoding="utf-8")
        strings = yaml.safe_load((root / "cbod/strings" / f"{lang}.yml").read_text(encoding="utf-8"))
        for text in (methodology, strings["scorecard"]["rules"]):
            assert f"{num(SHORTFALL * 100, lang)}%" in text
            for threshold, _ in THRESHOLDS:
                assert f"≥ {num(threshold, lang)}" in text, (lang, threshold)
        # each tolerance where it is stated, not merely somewhere on the page
        about = {"vi": '"khoảng" cho phép sai {}%', "en": '"about" allows {}% either side'}[lang]
        assert about.format(num(TOLERANCE * 100, lang)) in methodology
        neutral = {"vi": "chênh không quá {}% so với mục tiêu về cả hai phía",
                   "en": "within {}% of the target on either side"}[lang]
        for text in (methodology, strings["scorecard"]["rules"], strings["scorecard"]["rule_text"]["no_direction"]):
            assert neutral.format(num(NEUTRAL_TOLERANCE * 100, lang)) in " ".join(text.split()), lang
