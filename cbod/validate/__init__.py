"""Stage 2 — validate: Frictionless structure and schema, then the domain rules."""
from __future__ import annotations

from ..load import Dataset
from ..model import build_model
from ..paths import Paths
from . import domain, site_config, structure
from ..problems import Problem, Report

__all__ = ["validate", "Problem", "Report"]


def validate(paths: Paths, dataset: Dataset) -> tuple[Report, dict | None]:
    """Returns the report and, when the structure is sound, the typed model."""
    report = Report()
    for p in dataset.problems:
        report.add(p)
    for p in (structure.check_files(paths, dataset.package) + structure.check_metadata(dataset.package)
              + site_config.check_structure(dataset.site)):
        report.add(p)
    unreadable = {p.file for p in dataset.problems} | {p.value for p in dataset.problems if p.code == "unsafe-path"}
    readable = {name for name, t in dataset.tables.items() if t.path not in unreadable}
    schemas = {name: t.schema for name, t in dataset.tables.items()}
    for p in structure.check_schema(paths, dataset.package, readable, schemas):
        report.add(p)
    if report.errors:
        return report, None  # domain rules need well-typed data
    model = build_model(dataset)
    for p in domain.check(model):
        report.add(p)
    return report, model
