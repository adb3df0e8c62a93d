"""The reviewer's view of a data pull request: figures added, removed and changed
between two git revisions (`python build.py diff BASE [HEAD]`), as Markdown."""
from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

from .load import FIGURE_SCHEMA
from .text import period_span, plain_value

VALUE_COLUMNS = ("comparator", "value", "value_high", "unit_id")


class BadRevision(ValueError):
    pass


def check_revision(root: Path, rev: str) -> str:
    """`rev` if git knows it as a commit; never passed on when it could be read as an option."""
    if not rev or rev.startswith("-") or any(c.isspace() or ord(c) < 32 for c in rev):
        raise BadRevision(f"not a git revision: {rev!r}")
    out = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                         cwd=root, capture_output=True, text=True)
    if out.returncode != 0:
        raise BadRevision(f"git knows no commit {rev!r} in {root}")
    return rev


def _git_show(root: Path, rev: str, path: str) -> str | None:
    out = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=root, capture_output=True)
    if out.returncode != 0:
        return None
    return out.stdout.decode("utf-8-sig")


def _working(root: Path, path: str) -> str | None:
    file = root / path
    return file.read_text(encoding="utf-8-sig") if file.is_file() else None


def figures_at(root: Path, rev: str | None) -> dict[tuple, dict]:
    """All figure rows at a revision (None = the working tree), keyed by primary key."""
    read = (lambda p: _working(root, p)) if rev is None else (lambda p: _git_show(root, rev, p))
    package_text = read("datapackage.json")
    if package_text is None:
        return {}
    package = json.loads(package_text)
    rows = {}
    for resource in package["resources"]:
        schema = resource.get("schema")
        if schema == FIGURE_SCHEMA:
            schema_text = read(FIGURE_SCHEMA)
            schema = json.loads(schema_text) if schema_text else None
        elif not isinstance(schema, dict) or "indicator_id" not in (schema.get("primaryKey") or []):
            continue  # a catalogue (older revisions wrote the figures schema inline, keyed by indicator)
        text = read(resource["path"])
        if text is None or schema is None:
            continue
        key_fields = schema["primaryKey"]
        for row in csv.DictReader(io.StringIO(text, newline="")):
            row = {k: (v or "").strip() for k, v in row.items() if k is not None}
            rows[tuple(row.get(k, "") for k in key_fields)] = dict(row, _resource=resource["name"])
    return rows


def _period(row: dict) -> str:
    return period_span(row.get("period_start", ""), row.get("period_end", ""))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def diff(root: Path, base: str, head: str | None) -> dict:
    """Raises BadRevision when `base` or `head` is not a commit of the repository."""
    for rev in (base, head):
        if rev is not None:
            check_revision(root, rev)
    old, new = figures_at(root, base), figures_at(root, head)
    added = [new[k] for k in sorted(new.keys() - old.keys())]
    removed = [old[k] for k in sorted(old.keys() - new.keys())]
    changed = []
    for k in sorted(old.keys() & new.keys()):
        cols = [c for c in new[k] if not c.startswith("_") and old[k].get(c, "") != new[k].get(c, "")]
        if cols:
            changed.append((old[k], new[k], cols))
    return {"added": added, "removed": removed, "changed": changed}


def markdown(result: dict, base: str, head: str | None) -> str:
    head_name = head or "working tree"
    lines = [f"## Data changes {base} → {head_name}", "",
             f"{len(result['added'])} added, {len(result['removed'])} removed, {len(result['changed'])} changed figures.", ""]
    if result["added"] or result["removed"]:
        lines += ["| | indicator | period | kind | value | source | locator |", "|---|---|---|---|---|---|---|"]
        for sign, rows in (("+", result["added"]), ("−", result["removed"])):
            for r in rows:
                lines.append(f"| {sign} | {_cell(r['indicator_id'])} | {_period(r)} | {r['kind']} | {_cell(plain_value(r))} "
                             f"| {_cell(r['source_id'])} | {_cell(r['locator'])} |")
        lines.append("")
    if result["changed"]:
        lines += ["| indicator | period | kind | source | what changed | old → new |", "|---|---|---|---|---|---|"]
        for old, new, cols in result["changed"]:
            if any(c in VALUE_COLUMNS for c in cols):
                change = f"{_cell(plain_value(old))} → {_cell(plain_value(new))}"
            else:
                change = "; ".join(f"{c}: {_cell(old.get(c, ''))} → {_cell(new.get(c, ''))}" for c in cols)
            lines.append(f"| {_cell(new['indicator_id'])} | {_period(new)} | {new['kind']} | {_cell(new['source_id'])} "
                         f"| {', '.join(cols)} | {change} |")
        lines.append("")
    return "\n".join(lines)
