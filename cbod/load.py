"""Stage 1 — load: read datapackage.json and every CSV it lists, exactly as written.

Nothing is interpreted here beyond decoding text: values stay strings so that the
validate stage can report the cell a maintainer typed. `typed()` converts a table
after validation has passed.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .paths import Paths
from .problems import Problem

csv.field_size_limit(10_000_000)


@dataclass
class Table:
    name: str
    path: str  # relative to the repository root, as in datapackage.json
    schema: dict
    header: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # spreadsheet row of each row (header = 1)

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.schema["fields"]]


@dataclass
class Dataset:
    package: dict
    tables: dict[str, Table]
    problems: list[Problem] = field(default_factory=list)  # problems met while reading


FIGURE_RESOURCES = ("socioeconomic", "budget", "trade", "tourism")
CATALOGUES = ("topics", "units", "sources", "indicators", "programmes", "terms")
REFERENCE = ("timeline", "border-gates")


def read_text(path: Path) -> str:
    """Decode a data file: UTF-8, a byte-order mark and CRLF line ends are accepted."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # UnicodeDecodeError is the caller's to report
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def load(paths: Paths) -> Dataset:
    try:
        package = json.loads(paths.datapackage.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problem = Problem("datapackage.json", None, None, "package-error", None,
                          f"cannot read datapackage.json: {exc}",
                          "không đọc được datapackage.json")
        return Dataset({"resources": []}, {}, [problem])
    dataset = Dataset(package, {})
    for resource in package.get("resources", []):
        table = Table(resource["name"], resource["path"], resource.get("schema", {"fields": []}))
        dataset.tables[table.name] = table
        file = paths.root / resource["path"]
        if not file.is_file():
            dataset.problems.append(Problem(
                table.path, None, None, "missing-file", None,
                f"resource '{table.name}' is listed in datapackage.json but the file does not exist",
                "tệp được khai báo trong datapackage.json nhưng không tồn tại"))
            continue
        try:
            text = read_text(file)
        except UnicodeDecodeError as exc:
            line = file.read_bytes()[: exc.start].count(b"\n") + 1
            dataset.problems.append(Problem(
                table.path, line, None, "encoding-error", None,
                f"the file is not valid UTF-8 (byte {exc.start}); save it as 'CSV UTF-8'",
                "tệp không phải UTF-8; hãy lưu dưới dạng 'CSV UTF-8'"))
            continue
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            records = list(reader)
        except csv.Error as exc:
            dataset.problems.append(Problem(table.path, reader.line_num, None, "csv-error", None,
                                            f"the CSV cannot be read: {exc}", "không đọc được tệp CSV"))
            continue
        if not records:
            continue
        table.header = records[0]
        for number, record in enumerate(records[1:], start=2):
            if not any(cell.strip() for cell in record):
                continue  # blank line: frictionless reports it
            table.rows.append(dict(zip(table.header, record)))
            table.row_numbers.append(number)
    return dataset


def convert(value: str, field_def: dict):
    """One cell to its Python value (after validation): '' -> None."""
    if value is None or value == "":
        return None
    kind = field_def.get("type", "string")
    if kind == "integer":
        return int(value)
    if kind == "number":
        return Decimal(value)
    if kind == "boolean":
        return value.strip().lower() in ("true", "1", "yes")
    return value


def typed(table: Table) -> list[dict]:
    """Rows with Python values; each row also carries `_file` and `_row` for messages."""
    fields = {f["name"]: f for f in table.schema["fields"]}
    out = []
    for row, number in zip(table.rows, table.row_numbers):
        rec = {name: convert(row.get(name, ""), f) for name, f in fields.items()}
        rec["_file"] = table.path
        rec["_row"] = number
        out.append(rec)
    return out
