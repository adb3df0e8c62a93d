"""Conflicts between sources: the values a reading allows (rounding, qualifiers, open and
closed ends), when two readings disagree, and the two types. Figures are made by hand."""
from decimal import Decimal as D

import pytest

from cbod.derive.conflicts import compare_readings, half_step, interval, later, overlaps

INF = D("Infinity")
UNITS = {"percent": {"id": "percent", "base_unit_id": "percent", "factor": D(1)},
         "million-usd": {"id": "million-usd", "base_unit_id": "million-usd", "factor": D(1)},
         "billion-usd": {"id": "billion-usd", "base_unit_id": "million-usd", "factor": D(1000)}}


def reading(value, comparator="eq", high=None, unit="percent", kind="actual", source="report", start=2020, end=2020,
            aggregation="year", locator="l", indicator="x", base_period=None):
    return {"indicator_id": indicator, "value": D(value), "value_high": None if high is None else D(high),
            "comparator": comparator, "unit_id": unit, "kind": kind, "source_id": source, "locator": locator,
            "period_start": start, "period_end": end, "aggregation": aggregation, "base_period": base_period,
            "price_basis": None}


@pytest.mark.parametrize("written, half", [("19", "0.5"), ("18.7", "0.05"), ("7.0", "0.05"), ("4.46", "0.005"),
                                           ("28618", "0.5"), ("0.88", "0.005")])
def test_a_number_stands_for_what_rounds_to_it(written, half):
    assert half_step(D(written)) == D(half)


@pytest.mark.parametrize("rec, expected", [
    (reading("19"), (D("18.5"), D("19.5"), False, True)),          # [18.5, 19.5)
    (reading("18.7"), (D("18.65"), D("18.75"), False, True)),
    (reading("75", high="80"), (D("74.5"), D("80.5"), False, True)),
    (reading("55", "gt"), (D("55"), INF, True, False)),            # (55, ∞)
    (reading("55", "ge"), (D("55"), INF, False, False)),           # [55, ∞)
    (reading("3", "lt"), (-INF, D("3"), False, True)),             # (−∞, 3)
    (reading("3", "le"), (-INF, D("3"), False, False)),            # (−∞, 3]
    (reading("100", "about"), (D("95"), D("105"), False, False)),  # 5 % either side
    (reading("60", "nearly"), (D("57"), D("60.5"), False, True)),  # 5 % below, rounding above
    (reading("4.4", unit="billion-usd"), (D("4350"), D("4450"), False, True)),  # in base units
])
def test_interval(rec, expected):
    assert interval(rec, UNITS) == expected


@pytest.mark.parametrize("a, b, agree", [
    (reading("19"), reading("18.7"), True),          # rounding: 18.7 rounds to 19
    (reading("19"), reading("19.5"), True),          # 19.45…19.5 rounds to both
    (reading("19"), reading("19.6"), False),
    (reading("24.5"), reading("25.8"), False),
    (reading("7", "gt"), reading("7"), True),        # "more than 7 %" and 7 % (7.0…7.5)
    (reading("55", "gt"), reading("55.0"), True),    # 55.0…55.05
    (reading("55", "gt"), reading("54.9"), False),
    (reading("4.5", "lt"), reading("5"), False),     # 4.5 is the closed lower end of "5" but open in "less than"
    (reading("4.5", "le"), reading("5"), True),      # both include 4.5
    (reading("5.5", "gt"), reading("5"), False),     # "5" stops before 5.5
    (reading("5.5", "ge"), reading("5"), False),
    (reading("3", "le"), reading("3", "ge"), True),  # they meet at 3, both closed
    (reading("3", "lt"), reading("3", "ge"), False),
    (reading("3", "le"), reading("3", "gt"), False),
    (reading("4.4", unit="billion-usd"), reading("4400", unit="million-usd"), True),
    (reading("4.4", unit="billion-usd"), reading("4500", unit="million-usd"), False),
    (reading("100", "about"), reading("104"), True),
    (reading("100", "about"), reading("106"), False),
    (reading("60", "nearly"), reading("58"), True),
    (reading("60", "nearly"), reading("61"), False),
])
def test_overlaps(a, b, agree):
    assert overlaps(interval(a, UNITS), interval(b, UNITS)) is agree
    assert overlaps(interval(b, UNITS), interval(a, UNITS)) is agree


@pytest.mark.parametrize("a, b, step", [("2024", "2020-05-12", 1), ("2020-05-12", "2024", -1),
                                        ("2025", "2025-12-11", 0), ("2025-12", "2025-12-11", 0),
                                        ("2025-12-11", "2025-05", 1), ("2020-05-12", "2020-05-12", 0)])
def test_later(a, b, step):
    assert later(a, b) == step


SOURCES = {"draft": {"id": "draft", "date": "2020-05-12"}, "history": {"id": "history", "date": "2024"},
           "report": {"id": "report", "date": "2025"}, "resolution": {"id": "resolution", "date": "2025-12-11"}}


def compare(*figures):
    return compare_readings({"units": UNITS, "sources": SOURCES, "figures": list(figures)})


def test_rounding_and_qualifiers_are_agreements_not_conflicts():
    conflicts, agreements = compare(reading("18.7", kind="estimate", source="draft", start=2015),
                                    reading("19", source="history", start=2016),
                                    reading("7", "gt", indicator="g", source="draft"),
                                    reading("7", indicator="g", source="history"))
    assert conflicts == []
    assert [(a["indicator_id"], len(a["figures"])) for a in agreements] == [("g", 2), ("x", 2)]


def test_identical_readings_are_neither():
    assert compare(reading("55", source="draft", locator="a"), reading("55", source="draft", locator="b")) == ([], [])


def test_a_later_document_that_changes_a_figure_is_a_revision():
    later_one, earlier = reading("25.8", source="history", start=2016), reading("24.5", kind="estimate", source="draft",
                                                                                 start=2015)
    (conflict,), _ = compare(later_one, earlier)
    assert conflict["type"] == "revision"
    assert [f["source_id"] for f in conflict["figures"]] == ["draft", "history"]  # earlier document first
    assert (conflict["period_start"], conflict["period_end"]) == (2015, 2020)


@pytest.mark.parametrize("first, second", [("draft", "draft"), ("report", "resolution")])
def test_documents_of_the_same_time_disagree(first, second):
    (conflict,), _ = compare(reading("10", source=first, locator="a"), reading("12", source=second, locator="b"))
    assert conflict["type"] == "disagreement"


def test_only_comparable_readings_are_compared():
    """Results with results, targets with targets; the same span (a term written 2015–2020 or
    2016–2020 is one), aggregation and base."""
    assert compare(reading("10"), reading("12", kind="target")) == ([], [])
    assert compare(reading("10"), reading("12", aggregation="annual_average", start=2016))[0] == []
    assert compare(reading("10", base_period="2015"), reading("12"))[0] == []
    assert compare(reading("10", start=2016, aggregation="annual_average"),
                   reading("12", start=2015, aggregation="annual_average", source="history"))[0] != []
    assert compare(reading("10", start=2018, aggregation="period_total"),
                   reading("12", start=2015, aggregation="period_total", source="history"))[0] == []


def test_each_clashing_pair_is_one_conflict():
    conflicts, _ = compare(reading("10", source="draft", locator="a"), reading("10", source="draft", locator="b"),
                           reading("12", source="history"))
    assert [(c["figures"][0]["locator"], c["figures"][1]["source_id"], c["type"]) for c in conflicts] == [
        ("a", "history", "revision"), ("b", "history", "revision")]
