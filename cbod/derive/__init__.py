"""Stage 3 — derive: facts computed from the validated figures (conflicts, chartable series)."""
from __future__ import annotations

from .conflicts import find_conflicts
from .series import indicator_figures

__all__ = ["derive"]


def derive(model: dict) -> dict:
    figures_by_indicator = indicator_figures(model)
    conflicts = find_conflicts(model)
    return {"by_indicator": figures_by_indicator, "conflicts": conflicts}
