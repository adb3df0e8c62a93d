"""The catalogue of problem codes (cbod/problem_codes.py): every code the checks can report
is in it, every code in it is reported by something, and data/README.md shows it."""
from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

import frictionless.errors
import pytest

from cbod import pipeline
from cbod.problem_codes import BOTH, CODES, END, FRICTIONLESS, PROJECT, START, markdown_table
from cbod.problems import Problem
from cbod.validate import structure

REPO = Path(__file__).resolve().parent.parent
CBOD = REPO / "cbod"
# Where a call names its code: Problem(file, row, column, code, ...); domain's _p(rec, column, code, ...)
CODE_ARGUMENT = {"Problem": 3, "_p": 2}


def code_arguments() -> tuple[set[str], list[str]]:
    """The literal codes passed to Problem(...) and _p(...) anywhere in cbod/, and the places
    where the code is computed instead (which must be the Frictionless pass-through only)."""
    literal, computed = set(), []
    for file in sorted(CBOD.rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        helpers = {f.name: f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
        helper = helpers.get("_p")
        forwarding = helper if helper and "code" in [a.arg for a in helper.args.args] else None
        inside_helper = {id(n) for n in ast.walk(forwarding)} if forwarding else set()
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                    and call.func.id in CODE_ARGUMENT):
                continue
            position = CODE_ARGUMENT[call.func.id]
            if call.func.id == "_p" and not forwarding:
                continue  # site_config's _p: its code is a literal of the Problem call inside it
            if id(call) in inside_helper:
                continue  # domain's _p hands its `code` on to Problem: its callers are scanned
            arg = next((k.value for k in call.keywords if k.arg == "code"), None)
            if arg is None and len(call.args) > position:
                arg = call.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                literal.add(arg.value)
            else:
                computed.append(f"{file.relative_to(REPO)}:{call.lineno} {ast.unparse(arg) if arg else '?'}")
    return literal, computed


def test_every_code_written_in_the_checks_is_catalogued():
    literal, computed = code_arguments()
    assert len(literal) >= 25  # the scan does find the checks' codes
    assert literal - set(CODES) == set()
    # the only computed codes: the Frictionless error types, through structure._code
    assert computed and all(c.startswith("cbod/validate/structure.py") and c.endswith(" code")
                            for c in computed), computed


def test_every_catalogued_code_is_reported_by_something():
    literal, _ = code_arguments()
    frictionless_types = {cls.type for _, cls in inspect.getmembers(frictionless.errors, inspect.isclass)
                          if getattr(cls, "type", None)}
    for code, entry in CODES.items():
        assert entry.origin in (PROJECT, FRICTIONLESS, BOTH), code
        if entry.origin in (PROJECT, BOTH) and code != "frictionless-error":
            assert code in literal, f"{code}: no check reports it"
        if entry.origin in (FRICTIONLESS, BOTH):
            assert code in frictionless_types, f"{code}: not an error type of Frictionless"
        if entry.origin == FRICTIONLESS:
            assert code not in literal, f"{code}: also written by a check: origin is {BOTH!r}"
    assert set(structure.EXPLAIN) <= set(CODES)


def test_catalogue_entries_are_complete_and_bilingual():
    for code, entry in CODES.items():
        assert code == code.lower() and " " not in code, code
        for text in (entry.title_en, entry.title_vi, entry.fix_en, entry.fix_vi):
            assert text.strip() and "\n" not in text and "|" not in text, code
        assert entry.title_en != entry.title_vi and entry.fix_en != entry.fix_vi, code
        assert entry.severity in ("error", "warning"), code


def test_readme_shows_the_catalogue():
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    assert readme.count(START) == 1 and readme.count(END) == 1
    table = readme.split(START, 1)[1].split(END, 1)[0].strip()
    assert table == markdown_table(), "data/README.md is out of date: run python -m cbod.problem_codes"
    for code in CODES:
        assert f"| `{code}`" in table, code


def test_problem_refuses_an_unknown_code_or_the_wrong_severity():
    with pytest.raises(ValueError, match="cbod/problem_codes.py"):
        Problem("data/figures/budget.csv", 2, "value", "no-such-code", None, "x")
    with pytest.raises(ValueError, match="warning"):
        Problem("data/figures/budget.csv", 2, "value", "share-sum", "99", "x", severity="error")
    assert Problem("data/figures/budget.csv", 2, "value", "share-sum", "99", "x", severity="warning")


def test_an_uncatalogued_frictionless_error_is_reported_not_a_crash(project):
    """A hash in datapackage.json that does not match the file: Frictionless' hash-count,
    which the catalogue does not list, comes out as frictionless-error naming its type."""
    package = json.loads(project.datapackage.read_text(encoding="utf-8"))
    tourism = next(r for r in package["resources"] if r["name"] == "tourism")
    tourism["hash"] = "sha256:" + "0" * 64
    project.datapackage.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    assert "hash-count" not in CODES
    result = pipeline.check(project)
    assert not result.ok
    (problem,) = [p for p in result.report.errors if p.file == "data/figures/tourism.csv"]
    assert problem.code == "frictionless-error"
    assert problem.message.startswith("hash-count: ") and "0" * 64 in problem.message
