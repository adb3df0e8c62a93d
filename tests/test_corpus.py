"""A corpus of deliberately broken inputs. Each case breaks a copy of the real data in one
way and asserts the exact problem reported (file, spreadsheet row, column, code, message)
and that the build wrote nothing: a previous site/ stays exactly as it was."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

import build
from cbod import pipeline
from cbod.paths import Paths
from helpers import append_row, copy_row, read_rows, set_cell, write_rows

REPO = Path(__file__).resolve().parent.parent
BUDGET = "data/figures/budget.csv"
INDICATORS = "data/catalogues/indicators.csv"
TERMS = "data/catalogues/terms.csv"
BREAKS = "data/catalogues/series-breaks.csv"
# an appended resource is the package's next one
APPENDED = f"resources[{len(json.loads((REPO / 'datapackage.json').read_text(encoding='utf-8'))['resources'])}].path"
SITE = "site_src/site.yml"
GOOD_ROW = {"indicator_id": "tang-thu-ngan-sach", "period_start": "2024", "period_end": "2024",
            "aggregation": "year", "kind": "actual", "comparator": "eq", "value": "10",
            "unit_id": "percent", "source_id": "bcct-dh20-2025", "locator": "Phần thứ nhất, mục thử",
            "locator_en": "Part One, test section"}


@dataclass
class Case:
    id: str
    mutate: Callable[[Path], int | None]  # returns the row it wrote, when it appends one
    file: str
    row: int | str | None  # "appended" = the row the mutation returned
    column: str | None
    code: str
    message: str  # a piece of the English message


def cell(file, row, column, value):
    return lambda root: set_cell(root / file, row, column, value)


def appended(**changes):
    return lambda root: append_row(root / BUDGET, dict(GOOD_ROW, **changes))


def rewrite(file, fn):
    def mutate(root):
        rows = read_rows(root / file)
        write_rows(root / file, fn(rows))
    return mutate


def raw(file, fn):
    def mutate(root):
        path = root / file
        path.write_bytes(fn(path.read_bytes()))
    return mutate


def unlisted(root):
    (root / "data" / "figures" / "extra.csv").write_text("a,b\n1,2\n", encoding="utf-8")


def drop_resource_file(root):
    (root / "data" / "figures" / "tourism.csv").unlink()


def json_edit(fn):
    def mutate(root):
        path = root / "datapackage.json"
        package = json.loads(path.read_text(encoding="utf-8"))
        fn(package)
        path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return mutate


CASES = [
    Case("wrong-type", cell(BUDGET, 2, "value", "abc"), BUDGET, 2, "value", "type-error", "expected a number"),
    Case("vietnamese-number", cell(BUDGET, 2, "value", "1.382,08"), BUDGET, 2, "value", "type-error", "1382.08"),
    Case("thousands-dot", cell(BUDGET, 3, "value", "13.670.5"), BUDGET, 3, "value", "type-error", "expected a number"),
    Case("empty-required", cell(BUDGET, 2, "locator", ""), BUDGET, 2, "locator", "constraint-error",
         "empty but this column is required"),
    Case("empty-locator-en", cell(BUDGET, 2, "locator_en", ""), BUDGET, 2, "locator_en", "constraint-error",
         "empty but this column is required"),
    Case("value-missing", cell(BUDGET, 2, "value", ""), BUDGET, 2, "value", "constraint-error",
         "empty but this column is required"),
    Case("unknown-indicator", cell(BUDGET, 2, "indicator_id", "khong-ton-tai"), BUDGET, 2, "indicator_id",
         "foreign-key", "no such id in column id of data/catalogues/indicators.csv"),
    Case("unknown-source", cell(BUDGET, 2, "source_id", "van-ban-la"), BUDGET, 2, "source_id", "foreign-key",
         "add a row for it to data/catalogues/sources.csv"),
    Case("unknown-unit", cell(BUDGET, 2, "unit_id", "ty-dong"), BUDGET, 2, "unit_id", "foreign-key",
         "no such id in column id of data/catalogues/units.csv"),
    Case("duplicate-key", lambda root: copy_row(root / BUDGET, 2), BUDGET, "appended",
         "indicator_id, period_start, period_end, aggregation, kind, source_id, locator", "primary-key",
         "repeats row 2 in every key column"),
    Case("catalogue-duplicate-id", lambda root: copy_row(root / INDICATORS, 3), INDICATORS, "appended", "id",
         "primary-key", "repeats row 3"),
    Case("range-low-above-high", cell(BUDGET, 2, "value_high", "1"), BUDGET, 2, "value_high", "range-order",
         "must be greater than value"),
    Case("range-with-more-than", appended(comparator="gt", value_high="20"), BUDGET, "appended", "value_high",
         "range-comparator", "only with comparator"),
    Case("period-as-range", cell(BUDGET, 2, "period_start", "2025-2020"), BUDGET, 2, "period_start", "type-error",
         "expected an integer"),
    Case("period-five-digits", cell(BUDGET, 2, "period_end", "20255"), BUDGET, 2, "period_end", "constraint-error",
         "maximum"),
    Case("period-backwards", cell(BUDGET, 2, "period_start", "2030"), BUDGET, 2, "period_end", "period-order",
         "ends (2025) before it starts (2030)"),
    Case("year-with-span", appended(period_start="2021", period_end="2025"), BUDGET, "appended", "aggregation",
         "period-aggregation", "period_start = period_end"),
    Case("percentage-1500", appended(value="1500"), BUDGET, "appended", "value", "percent-bounds",
         "between -100 and 1000"),
    Case("bad-enum", cell(BUDGET, 2, "comparator", "~"), BUDGET, 2, "comparator", "constraint-error", "enum"),
    Case("bad-kind", cell(BUDGET, 2, "kind", "forecast"), BUDGET, 2, "kind", "constraint-error", "enum"),
    Case("trailing-space-in-id", cell(BUDGET, 2, "indicator_id", "thu-ngan-sach "), BUDGET, 2, "indicator_id",
         "constraint-error", "pattern"),
    Case("note-one-language", cell(BUDGET, 2, "note_vi", "chỉ có tiếng Việt"), BUDGET, 2, "note_en",
         "missing-translation", "needs every language: note_vi, note_en"),
    Case("verdict-on-target", appended(kind="target", reported_status="achieved", period_end="2025",
                                       period_start="2025"),
         BUDGET, "appended", "reported_status", "reported-on-target", "result row"),
    Case("extra-column", rewrite(BUDGET, lambda rows: [r + (["extra"] if i == 0 else ["x"]) for i, r in enumerate(rows)]),
         BUDGET, 1, "extra", "extra-label", "does not define"),
    Case("missing-column", rewrite(BUDGET, lambda rows: [r[:-1] for r in rows]), BUDGET, 1, "note_en",
         "missing-label", "lacks a column"),
    Case("short-row", rewrite(BUDGET, lambda rows: rows[:1] + [rows[1][:5]] + rows[2:]), BUDGET, 2, "comparator",
         "missing-cell", "fewer cells"),
    Case("unlisted-file", unlisted, "data/figures/extra.csv", None, None, "unlisted-file", "not listed"),
    Case("listed-but-missing", drop_resource_file, "data/figures/tourism.csv", None, None, "missing-file",
         "does not exist"),
    Case("invalid-utf8", raw(BUDGET, lambda b: b.replace("Phần".encode(), b"Ph\xe1\xba", 1)), BUDGET, 2, None,
         "encoding-error", "not valid UTF-8"),
    Case("enormous-field", cell(BUDGET, 2, "note_vi", "x" * 200_000), BUDGET, 2, "note_vi", "constraint-error",
         "maxLength"),
    Case("catalogue-unknown-topic", cell(INDICATORS, 2, "topic_id", "khong-co"), INDICATORS, 2, "topic_id",
         "foreign-key", "no such id in column id of data/catalogues/topics.csv"),
    Case("catalogue-missing-translation", cell(INDICATORS, 2, "name_en", ""), INDICATORS, 2, "name_en",
         "constraint-error", "empty but this column is required"),
    Case("wrong-figures-file", lambda root: append_row(root / "data/figures/tourism.csv", GOOD_ROW),
         "data/figures/tourism.csv", "appended", "indicator_id", "wrong-file", "belongs in data/figures/budget.csv"),
    Case("share-above-100", appended(indicator_id="ty-trong-chi-dau-tu", value="120"), BUDGET, "appended", "value",
         "share-bounds", "between 0 and 100"),
    Case("locator-spaces", appended(locator=" Phần thứ nhất, mục 1 "), BUDGET, "appended", "locator",
         "whitespace", "remove the spaces"),
    Case("unit-base-not-a-base", cell("data/catalogues/units.csv", 5, "base_unit_id", "trillion-vnd"),
         "data/catalogues/units.csv", 5, "base_unit_id", "unit-base", "its own base"),
    Case("target-without-term", appended(kind="target", period_start="2031", period_end="2031"), BUDGET,
         "appended", "period_end", "no-term", "holds end year 2031"),
    Case("plan-without-term", appended(kind="plan", period_start="2027", period_end="2027"), BUDGET,
         "appended", "period_end", "no-term", "no row of kind 'plan'"),
    Case("terms-overlap", cell(TERMS, 3, "end_first", "2020"), TERMS, 3, "end_first", "term-overlap",
         "overlaps term '2015-2020' (row 2"),
    Case("terms-backwards", cell(TERMS, 5, "end_last", "2025"), TERMS, 5, "end_last", "term-order",
         "before end_first (2026)"),
    Case("homepage-missing", json_edit(lambda p: p.pop("homepage")), "datapackage.json", None, "homepage",
         "package-metadata", "the site's address"),
    Case("licence-without-link", json_edit(lambda p: p["licenses"][0].pop("path")), "datapackage.json", None,
         "licenses", "package-metadata", "with a path"),
    Case("broken-datapackage", raw("datapackage.json", lambda b: b[:-20]), "datapackage.json", None, None,
         "package-error", "cannot read datapackage.json"),
    Case("schema-type-typo", raw("data/schemas/figures.json", lambda b: b.replace(b'"type": "number"',
                                                                                  b'"type": "numbr"', 1)),
         "datapackage.json", None, None, "schema-error", "numbr"),
    Case("resource-outside-data", json_edit(lambda p: p["resources"].append(
        {"name": "leak", "path": "../outside.csv", "schema": {"fields": [{"name": "a"}]}})),
         "datapackage.json", None, APPENDED, "unsafe-path", "inside data/"),
    Case("resource-absolute-path", json_edit(lambda p: p["resources"][1].update(path="/etc/passwd")),
         "datapackage.json", None, "resources[1].path", "unsafe-path", "relative path inside data/"),
    Case("schema-outside-data", json_edit(lambda p: p["resources"][1].update(schema="../schema.json")),
         "datapackage.json", None, "resources[1].schema", "unsafe-path", "inside data/"),
    Case("topic-unknown-resource", cell("data/catalogues/topics.csv", 2, "resource", "khong-co"),
         "data/catalogues/topics.csv", 2, "resource", "unknown-resource", "no figures table of this name"),
    Case("related-unknown", cell(INDICATORS, 3, "related", "thu-ngan-sach;khong-co"), INDICATORS, 3, "related",
         "related-unknown", "no indicator 'khong-co'"),
    Case("related-itself", cell(INDICATORS, 2, "related", "thu-ngan-sach"), INDICATORS, 2, "related", "related-self",
         "related to itself"),
    Case("related-twice", cell(INDICATORS, 3, "related", "thu-ngan-sach;thu-ngan-sach"), INDICATORS, 3, "related",
         "related-repeated", "listed twice"),
    Case("related-comma", cell(INDICATORS, 3, "related", "thu-ngan-sach, grdp"), INDICATORS, 3, "related",
         "constraint-error", "pattern"),
    Case("measure-unknown", cell(INDICATORS, 2, "measure", "rate"), INDICATORS, 2, "measure", "constraint-error",
         "enum"),
    Case("measure-missing", cell(INDICATORS, 2, "measure", ""), INDICATORS, 2, "measure", "constraint-error",
         "empty but this column is required"),
    Case("break-unknown-indicator", cell(BREAKS, 2, "indicator_id", "khong-co"), BREAKS, 2, "indicator_id",
         "foreign-key", "no such id in column id of data/catalogues/indicators.csv"),
    Case("break-without-english", cell(BREAKS, 2, "note_en", ""), BREAKS, 2, "note_en", "constraint-error",
         "empty but this column is required"),
    Case("site-headline-typo", raw(SITE, lambda b: b.replace(b"  - thu-ngan-sach\n", b"  - thu-ngan-sachh\n", 1)),
         SITE, None, "headline[2]", "site-config", "no such id in data/catalogues/indicators.csv"),
    Case("site-profile-topic", raw(SITE, lambda b: b.replace(b"profile_topic: tong-quan", b"profile_topic: x", 1)),
         SITE, None, "profile_topic", "site-config", "no such id in data/catalogues/topics.csv"),
    Case("site-language-prefix", raw(SITE, lambda b: b.replace(b"prefix: en/", b"prefix: english/", 1)),
         SITE, None, "languages[1].prefix", "site-config", "must be 'en/'"),
    Case("site-unreadable", raw(SITE, lambda b: b + b"\n  - : : [\n"), SITE, None, None, "site-config",
         "cannot read the file"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_input_is_reported_precisely_and_site_is_untouched(project, case):
    previous = project.site
    previous.mkdir()
    (previous / "index.html").write_text("previous site", encoding="utf-8")
    written = case.mutate(project.root)
    result = pipeline.build(project)
    assert not result.ok, f"{case.id}: the build accepted broken data"
    row = written if case.row == "appended" else case.row
    matches = [p for p in result.report.errors
               if p.code == case.code and p.file == case.file and p.row == row
               and (case.column is None or p.column == case.column)]
    assert matches, f"{case.id}: expected {case.file}:{row} [{case.column}] {case.code}; got:\n" + \
        "\n".join(p.line() for p in result.report.errors[:10])
    assert any(case.message in p.message for p in matches), [p.message for p in matches]
    assert [p.name for p in previous.iterdir()] == ["index.html"]
    assert (previous / "index.html").read_text(encoding="utf-8") == "previous site"
    assert not (project.root / "build" / "docs").exists(), "pages were rendered from broken data"


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf"])
def test_bom_and_crlf_files_are_accepted(project, variant):
    for file in (project.root / "data").rglob("*.csv"):
        data = file.read_bytes()
        if "crlf" in variant:
            data = data.replace(b"\n", b"\r\n")
        if "bom" in variant:
            data = b"\xef\xbb\xbf" + data
        file.write_bytes(data)
    result = pipeline.check(project)
    assert result.ok, "\n".join(result.report.lines()[:10])
    assert len(result.model["figures"]) == len(pipeline.check(type(project)(REPO)).model["figures"])


def test_share_group_not_summing_is_a_warning_not_an_error(project):
    """Spending structure 2020 (bcct-dh20-2025): investment 28 % + recurrent 72 % = 100. Make it 38 + 72."""
    file = project.root / BUDGET
    rows = read_rows(file)
    h = rows[0]
    row = next(i + 1 for i, r in enumerate(rows) if r[h.index("indicator_id")] == "ty-trong-chi-dau-tu"
               and r[h.index("period_end")] == "2020" and r[h.index("source_id")] == "bcct-dh20-2025")
    assert pipeline.check(project).ok and not [p for p in pipeline.check(project).report.problems
                                               if p.code == "share-sum" and p.row == row]
    set_cell(file, row, "value", "38")
    result = pipeline.check(project)
    assert result.ok, "a share group that does not sum must not fail the check"
    (warning,) = [p for p in result.report.problems if p.code == "share-sum" and p.file == BUDGET]
    assert warning.severity == "warning" and "add up to 110" in warning.message


def test_real_data_is_valid():
    result = pipeline.check(Paths(REPO))
    assert result.ok, "\n".join(result.report.lines())
    assert result.model["figures"], "the real data has figures"


def test_duplicate_key_names_the_key_the_values_and_the_row(project):
    row = copy_row(project.root / BUDGET, 2)
    result = pipeline.check(project)
    (p,) = [p for p in result.report.errors if p.code == "primary-key"]
    assert (p.file, p.row) == (BUDGET, row)
    assert p.column == "indicator_id, period_start, period_end, aggregation, kind, source_id, locator"
    original = read_rows(project.root / BUDGET)[1]  # spreadsheet row 2
    assert p.value.split(" / ")[:3] == [original[0], original[1], original[2]]
    assert "row 2" in p.message and "dòng 2" in p.message_vi


def test_cli_prints_one_line_per_problem_and_exits_1(project, capsys):
    set_cell(project.root / BUDGET, 2, "value", "1.382,08")
    assert build.main(["--root", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    line = next(l for l in out.splitlines() if l.startswith(BUDGET))
    assert line.startswith(f"{BUDGET}:2 [value]: error type-error: expected a number.")
    assert "(got '1.382,08')" in line
    assert "Viết số dạng máy" in line  # the Vietnamese message is on the same line
    assert out.strip().endswith("FAILED: 1 error(s), 0 warning(s)")


def test_cli_check_passes_on_real_data(capsys):
    assert build.main(["check"]) == 0
    out = capsys.readouterr().out
    assert "conflicts:" in out and "figures:" in out and out.strip().endswith("OK: 0 error(s), 0 warning(s)")


def test_cli_build_refuses_a_resource_outside_data_and_publishes_nothing(project, capsys):
    """Frictionless alone would read ../outside.csv with trusted=True; check and build refuse it."""
    (project.root.parent / "outside.csv").write_text("a\nsecret\n", encoding="utf-8")
    json_edit(lambda p: p["resources"].append({"name": "leak", "path": "../outside.csv",
                                                "schema": {"fields": [{"name": "a"}]}}))(project.root)
    for command in ("check", "build"):
        assert build.main(["--root", str(project.root), command]) == 1
        out = capsys.readouterr().out
        assert f"datapackage.json [{APPENDED}]: error unsafe-path" in out, out
    assert not project.site.exists() and not (project.root / "build" / "static").exists()


def test_unused_indicator_is_a_warning(project):
    append = __import__("helpers").append_row
    row = append(project.root / INDICATORS, {
        "id": "chi-tieu-chua-dung", "topic_id": "kinh-te", "name_vi": "Chỉ tiêu thử", "name_en": "Test indicator",
        "unit_id": "percent", "direction": "higher", "measure": "level", "description_vi": "Thử.",
        "description_en": "Test."})
    result = pipeline.check(project)
    assert result.ok
    (warning,) = [p for p in result.report.problems if p.code == "unused-indicator"]
    assert (warning.file, warning.row, warning.severity) == (INDICATORS, row, "warning")
