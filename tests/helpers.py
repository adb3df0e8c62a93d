"""Small helpers to break a copy of the data on purpose."""
from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path


def read_rows(file: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(file.read_text(encoding="utf-8-sig"), newline="")))


def write_rows(file: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    file.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(file: Path, row: int, column: str, value: str) -> None:
    """Set a cell by spreadsheet row number (header = 1) and column name."""
    rows = read_rows(file)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(file, rows)


def append_row(file: Path, values: dict[str, str]) -> int:
    """Append a row (missing columns empty); returns its spreadsheet row number."""
    rows = read_rows(file)
    rows.append([values.get(h, "") for h in rows[0]])
    write_rows(file, rows)
    return len(rows)


def copy_row(file: Path, row: int, **changes: str) -> int:
    rows = read_rows(file)
    values = dict(zip(rows[0], rows[row - 1]))
    values.update(changes)
    return append_row(file, values)


def file_hashes(site: Path) -> dict[str, str]:
    """sha256 of every file under a folder, by relative path."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}
