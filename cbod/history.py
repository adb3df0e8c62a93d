"""What git knows about the data (part of the load stage): when it last changed.

Dates come from commits, so a given commit always builds the same pages. Without git (a
copy of the files, an archive), the date of the newest source document stands in."""
from __future__ import annotations

import subprocess

from .paths import Paths


def data_updated(paths: Paths, sources: list[dict]) -> str:
    """Date (YYYY-MM-DD) of the last commit that touched data/ or datapackage.json."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "data", "datapackage.json"],
                             cwd=paths.root, capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return max((src.get("date") or "" for src in sources), default="")
