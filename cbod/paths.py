"""Where things are. Every stage takes a `Paths` so tests can point it at a temp copy."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Paths:
    root: Path = REPO

    @property
    def datapackage(self) -> Path:
        return self.root / "datapackage.json"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def site_src(self) -> Path:
        return self.root / "site_src"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def build(self) -> Path:
        """Scratch space: generated markdown, the cache, the site being built."""
        return self.root / "build"

    @property
    def docs(self) -> Path:
        """Generated MkDocs docs_dir (hand-written site_src/ is copied in first)."""
        return self.build / "docs"

    @property
    def cache(self) -> Path:
        return self.build / "cache"

    @property
    def site(self) -> Path:
        return self.root / "site"
