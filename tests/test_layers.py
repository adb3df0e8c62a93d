"""The pipeline's stages import only earlier stages (load → validate → derive → render →
publish), never a later one; shared helpers live outside the stage folders (cbod/*.py)."""
from __future__ import annotations

import ast
from pathlib import Path

CBOD = Path(__file__).resolve().parent.parent / "cbod"
STAGES = ["load", "validate", "derive", "render", "publish"]


def imported_stages(file: Path) -> set[str]:
    """The stages a module of cbod/<stage>/ imports (relative or absolute imports)."""
    found = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level == 1:  # from .x import: inside its own stage
                continue
            names = [base.removeprefix("cbod.")] + [f"{base}.{a.name}".removeprefix("cbod.").lstrip(".")
                                                     for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name.removeprefix("cbod.") for a in node.names if a.name.startswith("cbod.")]
        found |= {n.split(".")[0] for n in names if n.split(".")[0] in STAGES}
    return found


def test_no_stage_imports_a_later_one():
    later = []
    for i, stage in enumerate(STAGES):
        folder = CBOD / stage
        files = sorted(folder.rglob("*.py")) if folder.is_dir() else [CBOD / f"{stage}.py"]
        for file in files:
            for other in imported_stages(file) - {stage}:
                if STAGES.index(other) > i:
                    later.append(f"{file.relative_to(CBOD)} imports {other}")
    assert not later, later


def test_the_check_sees_imports():
    """It would catch the import that used to be there (publish's file helpers were in render)."""
    probe = CBOD.parent / "build" / "layer-probe.py"
    probe.parent.mkdir(exist_ok=True)
    probe.write_text("from ..publish import publish\nfrom cbod.render.site import render_site\n", encoding="utf-8")
    try:
        assert imported_stages(probe) == {"publish", "render"}
    finally:
        probe.unlink()
