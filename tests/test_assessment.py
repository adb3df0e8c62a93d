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


def test_yearly_average_target_compared_with_term_total():
    """'At least 13 new standard schools a year' (2015–2020) against 86 over the term: 86 / 5 = 17.2."""
    from cbod.derive.assessment import assess
    units = dict(UNITS, school={"id": "school", "base_unit_id": "school", "factor": D(1)})
    target = dict(fig("13", "ge", unit="school", kind="target", start=2015, end=2020),
                  aggregation="annual_average", indicator_id="x", source_id="a", locator="l", base_period=None)
    total = dict(fig("86", unit="school", kind="estimate", start=2015, end=2020),
                 aggregation="period_total", indicator_id="x", source_id="a", locator="m", base_period=None)
    model = {"units": units, "figures": [target, total], "terms": TERMS,
             "indicators": {"x": {"id": "x", "direction": "higher"}}}
    (entry,) = assess(model)
    assert entry["status"] == "achieved"
    assert entry["term"] == "2015-2020"
    assert entry["average_of_total"]["years"] == 5
    assert entry["average_of_total"]["average"]["value"] == D("17.2")
    total["value"] = D("60")  # 12 a year: within 10 % of 13
    assert assess(model)[0]["status"] == "partly"


def test_the_published_rules_state_the_numbers_the_code_uses():
    """The methodology pages and the note under the scorecard repeat the thresholds in words;
    changing a threshold in code without them fails here."""
    from pathlib import Path

    import yaml

    from cbod.derive.assessment import SHORTFALL, THRESHOLDS
    from cbod.derive.conflicts import TOLERANCE
    root = Path(__file__).resolve().parent.parent

    def num(x, lang):  # 0.95 -> "0,95" in Vietnamese
        text = format(D(str(x)).normalize(), "f")
        return text.replace(".", ",") if lang == "vi" else text

    for lang in ("vi", "en"):
        methodology = (root / "site_src/docs" / lang / "methodology.md").read_text(encoding="utf-8")
        strings = yaml.safe_load((root / "cbod/render/strings" / f"{lang}.yml").read_text(encoding="utf-8"))
        for text in (methodology, strings["scorecard"]["rules"]):
            assert f"{num(SHORTFALL * 100, lang)}%" in text
            for threshold, _ in THRESHOLDS:
                assert f"≥ {num(threshold, lang)}" in text, (lang, threshold)
        assert f"{num(TOLERANCE * 100, lang)}%" in methodology
