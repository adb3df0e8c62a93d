"""Stage 2 — validate: Frictionless structure and schema, then the domain rules."""
from __future__ import annotations

from ..load import Dataset
from ..model import build_model
from ..paths import Paths
from . import domain, structure
from ..problems import Problem, Report

__all__ = ["validate", "Problem", "Report"]


def validate(paths: Paths, dataset: Dataset) -> tuple[Report, dict | None]:
    """Returns the report and, when the structure is sound, the typed model."""
    report = Report()
    for p in dataset.problems:
        report.add(p)
    for p in structure.check_files(paths, dataset.package) + structure.check_metadata(dataset.package):
        report.add(p)
    readable = {name for name, t in dataset.tables.items()
                if t.path not in {p.file for p in dataset.problems}}
    for p in structure.check_schema(paths, dataset.package, readable):
        report.add(p)
    if report.errors:
        return report, None  # domain rules need well-typed data
    model = build_model(dataset)
    for p in domain.check(model):
        report.add(p)
    return report, model
