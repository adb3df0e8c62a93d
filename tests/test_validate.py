"""The check stage on deliberately broken copies of the real data: each case asserts
the exact file, row, column and problem code reported."""
from __future__ import annotations

import pytest

from cbod import pipeline
from helpers import append_row, copy_row, read_rows, set_cell

BUDGET = "data/figures/budget.csv"


def problems(paths, severity="error"):
    result = pipeline.check(paths)
    return result, [p for p in result.report.problems if p.severity == severity]


def only(found, code):
    hits = [p for p in found if p.code == code]
    assert hits, f"no {code} among: " + "; ".join(p.line() for p in found)
    return hits


def test_real_data_is_valid(project):
    result, errors = problems(project)
    assert result.ok, "\n".join(p.line() for p in errors)
    assert result.model["figures"], "the real data has figures"


def test_vietnamese_formatted_number_is_named(project):
    set_cell(project.root / BUDGET, 2, "value", "1.382,08")
    result, errors = problems(project)
    assert not result.ok
    (p,) = only(errors, "type-error")
    assert (p.file, p.row, p.column, p.value) == (BUDGET, 2, "value", "1.382,08")
    assert "1382.08" in p.message  # tells the maintainer how to write it


def test_unknown_indicator(project):
    set_cell(project.root / BUDGET, 2, "indicator_id", "khong-co-chi-tieu-nay")
    _, errors = problems(project)
    (p,) = only(errors, "foreign-key")
    assert (p.file, p.row, p.column, p.value) == (BUDGET, 2, "indicator_id", "khong-co-chi-tieu-nay")
    assert "data/catalogues/indicators.csv" in p.message and "data/catalogues/indicators.csv" in p.message_vi


def test_empty_required_field(project):
    set_cell(project.root / BUDGET, 2, "locator", "")
    _, errors = problems(project)
    (p,) = only(errors, "constraint-error")
    assert (p.file, p.row, p.column) == (BUDGET, 2, "locator")
    assert "required" in p.message and p.value is None


def test_duplicate_key(project):
    row = copy_row(project.root / BUDGET, 2)
    _, errors = problems(project)
    (p,) = only(errors, "primary-key")
    assert (p.file, p.row) == (BUDGET, row)
    # names the key columns, the repeated values and the row it repeats
    assert p.column == "indicator_id, period_start, period_end, aggregation, kind, source_id, locator"
    original = read_rows(project.root / BUDGET)[1]  # spreadsheet row 2
    assert p.value.split(" / ")[:3] == [original[0], original[1], original[2]]
    assert "row 2" in p.message and "dòng 2" in p.message_vi


def test_range_low_above_high(project):
    set_cell(project.root / BUDGET, 2, "value_high", "1")
    _, errors = problems(project)
    (p,) = only(errors, "range-order")
    assert (p.file, p.row, p.column) == (BUDGET, 2, "value_high")


def test_period_backwards(project):
    set_cell(project.root / BUDGET, 2, "period_start", "2030")
    _, errors = problems(project)
    (p,) = only(errors, "period-order")
    assert (p.file, p.row, p.column) == (BUDGET, 2, "period_end")


def test_percentage_out_of_bounds(project):
    row = append_row(project.root / BUDGET, {
        "indicator_id": "tang-thu-ngan-sach", "period_start": "2024", "period_end": "2024",
        "aggregation": "year", "kind": "actual", "comparator": "eq", "value": "1500",
        "unit_id": "percent", "source_id": "bcct-dh20-2025", "locator": "test"})
    _, errors = problems(project)
    (p,) = only(errors, "percent-bounds")
    assert (p.file, p.row, p.column, p.value) == (BUDGET, row, "value", "1500")


def test_note_in_one_language_only(project):
    set_cell(project.root / BUDGET, 2, "note_vi", "chỉ có tiếng Việt")
    set_cell(project.root / BUDGET, 2, "note_en", "")
    _, errors = problems(project)
    (p,) = only(errors, "missing-translation")
    assert (p.file, p.row, p.column) == (BUDGET, 2, "note_en")


def test_unlisted_csv(project):
    (project.root / "data" / "figures" / "extra.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    _, errors = problems(project)
    (p,) = only(errors, "unlisted-file")
    assert p.file == "data/figures/extra.csv"


@pytest.mark.parametrize("transform", ["bom", "crlf"])
def test_bom_and_crlf_are_accepted(project, transform):
    file = project.root / BUDGET
    text = file.read_text(encoding="utf-8")
    if transform == "bom":
        file.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    else:
        file.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    result, errors = problems(project)
    assert result.ok, "\n".join(p.line() for p in errors)


def test_failed_build_leaves_site_untouched(project):
    site = project.site
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    set_cell(project.root / BUDGET, 2, "value", "abc")
    result = pipeline.build(project)
    assert not result.ok
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
