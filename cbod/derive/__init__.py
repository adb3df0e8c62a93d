"""Stage 3 — derive: facts computed from the validated figures: series per indicator,
conflicts between sources, and the assessment of every target."""
from __future__ import annotations

from .assessment import assess
from .conflicts import compare_readings
from .flat import indicator_updated
from .series import indicator_figures
from .tables import build_rows

__all__ = ["derive"]


def derive(model: dict) -> dict:
    figures_by_indicator = indicator_figures(model)
    conflicts, agreements = compare_readings(model)
    derived = {"by_indicator": figures_by_indicator, "conflicts": conflicts, "agreements": agreements,
               "assessments": assess(model), "updated": indicator_updated(model)}
    derived["tables"] = build_rows(model, derived)
    return derived
