"""The interface strings, one YAML file per language (<code>.yml, the same keys in each):
what pages, charts and downloads call things. Read by validate (site.yml's nav keys must
exist here), derive (the words of the flat downloads) and render."""
from __future__ import annotations

from pathlib import Path

from ..yamlfile import read_yaml

STRINGS = Path(__file__).parent


def load_strings(languages) -> dict[str, dict]:
    """The interface strings of each language (<code>.yml), keyed by code."""
    return {str(lang): read_yaml(STRINGS / f"{lang}.yml") for lang in languages}
