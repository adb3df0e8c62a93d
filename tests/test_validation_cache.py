"""Frictionless results are kept per resource between checks (cbod/validate/structure.py).
A kept result must never hide a problem: it is used only when everything the resource's
validation reads is unchanged, including the files its foreign keys point to and its schema."""
from __future__ import annotations

import json
import shutil

from cbod import pipeline
from cbod.validate import structure
from helpers import read_rows, set_cell, write_rows

BUDGET = "data/figures/budget.csv"
UNITS = "data/catalogues/units.csv"
SCHEMA = "data/schemas/figures.json"


def fresh_process_memory():
    structure._MEMO.clear()  # as a new `build.py check` starts: only the disk cache is left


def test_a_kept_result_is_used_only_while_its_inputs_are_unchanged(project):
    fresh_process_memory()  # earlier tests in this process may have kept the same results
    assert pipeline.check(project).ok
    kept = sorted((project.cache / "frictionless").glob("*.json"))
    assert kept  # results were kept on disk
    fresh_process_memory()
    assert pipeline.check(project).ok  # from the kept results
    assert sorted((project.cache / "frictionless").glob("*.json")) == kept  # nothing new validated

    # a catalogue that budget.csv points to loses the unit its row 3 uses: budget.csv itself is
    # unchanged, and must still be validated again (foreign key)
    unit = dict(zip(*read_rows(project.root / BUDGET)[0:3:2]))["unit_id"]
    rows = read_rows(project.root / UNITS)
    write_rows(project.root / UNITS, [r for r in rows if r[0] != unit])
    fresh_process_memory()
    problems = [p for p in pipeline.check(project).report.errors if p.file == BUDGET and p.code == "foreign-key"]
    assert problems and problems[0].column == "unit_id", [p.line() for p in problems[:3]]


def test_a_changed_schema_validates_the_files_again(project):
    """The schema lives in its own file: tightening it reaches data files whose bytes did not change."""
    fresh_process_memory()
    assert pipeline.check(project).ok
    schema = json.loads((project.root / SCHEMA).read_text(encoding="utf-8"))
    value = next(f for f in schema["fields"] if f["name"] == "value")
    value["constraints"]["maximum"] = 1  # budget.csv row 3 holds 13670
    (project.root / SCHEMA).write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    fresh_process_memory()
    errors = pipeline.check(project).report.errors
    assert any(p.file == BUDGET and p.row == 3 and p.column == "value" and p.code == "constraint-error"
               for p in errors), [p.line() for p in errors[:5]]


def test_an_edit_and_its_undo_give_the_answers_of_a_first_check(project):
    fresh_process_memory()
    assert pipeline.check(project).ok
    set_cell(project.root / BUDGET, 3, "value", "abc")  # the schema says number
    fresh_process_memory()
    kept = [p.line() for p in pipeline.check(project).report.errors]
    assert any("budget.csv:3 [value]" in line for line in kept), kept
    shutil.rmtree(project.cache / "frictionless")
    fresh_process_memory()
    assert [p.line() for p in pipeline.check(project).report.errors] == kept  # the same, with nothing kept
    set_cell(project.root / BUDGET, 3, "value", "13670")
    fresh_process_memory()
    assert pipeline.check(project).ok  # back to the original bytes: valid again
