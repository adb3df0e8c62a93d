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

import yaml

from .history import data_updated, row_dates
from .paths import Paths
from .problems import Problem
from .yamlfile import read_yaml

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


# The figures tables share one schema file: a resource is a figures table when its schema
# is this file (datapackage.json lists them; nothing else in the code does).
FIGURE_SCHEMA = "data/schemas/figures.json"
CATALOGUES = ("topics", "units", "sources", "indicators", "programmes", "terms")
REFERENCE = ("timeline", "border-gates", "series-breaks")
SITE_CONFIG = "site_src/site.yml"


@dataclass
class Dataset:
    package: dict
    tables: dict[str, Table]
    problems: list[Problem] = field(default_factory=list)  # problems met while reading
    site: dict = field(default_factory=dict)  # site_src/site.yml: editorial settings and languages
    updated: str = ""  # when the data last changed (history.data_updated)
    row_dates: dict[str, dict[int, str]] = field(default_factory=dict)  # figures table -> row -> commit date

    @property
    def figure_resources(self) -> tuple[str, ...]:
        """Names of the figures tables, in the order of datapackage.json."""
        return tuple(r["name"] for r in self.package.get("resources", []) if r.get("schema") == FIGURE_SCHEMA)


def read_text(path: Path) -> str:
    """Decode a data file: UTF-8, a byte-order mark and CRLF line ends are accepted."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # UnicodeDecodeError is the caller's to report
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def inside(paths: Paths, relative: str, folder: Path) -> bool:
    """Does a path written in datapackage.json stay inside `folder` once resolved
    (no "..", no absolute path, no symbolic link leading out)?"""
    if not isinstance(relative, str) or not relative or Path(relative).is_absolute():
        return False
    target = (paths.root / relative).resolve()
    return target.is_relative_to(folder.resolve())


def _unsafe(index: int, key: str, value) -> Problem:
    return Problem("datapackage.json", None, f"resources[{index}].{key}", "unsafe-path", str(value),
                   f"a {key} must be a relative path inside data/ (no '..', no absolute path), "
                   "so that only the project's own files are read and published",
                   f"{key} phải là đường dẫn tương đối nằm trong thư mục data/")


def load_schema(paths: Paths, index: int, resource: dict, problems: list[Problem]) -> dict:
    """A resource's Table Schema: written inline, or the path of a JSON file inside data/."""
    schema = resource.get("schema", {"fields": []})
    if not isinstance(schema, str):
        return schema
    if not inside(paths, schema, paths.data):
        problems.append(_unsafe(index, "schema", schema))
        return {"fields": []}
    try:
        return json.loads((paths.root / schema).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(Problem("datapackage.json", None, f"resources[{index}].schema", "package-error", schema,
                                f"cannot read the schema file: {exc}", "không đọc được tệp lược đồ"))
        return {"fields": []}


def load_site_config(paths: Paths, problems: list[Problem]) -> dict:
    try:
        config = read_yaml(paths.root / SITE_CONFIG)
    except (OSError, yaml.YAMLError) as exc:
        problems.append(Problem(SITE_CONFIG, None, None, "site-config", None, f"cannot read the file: {exc}",
                                "không đọc được tệp cấu hình"))
        return {}
    return config if isinstance(config, dict) else {}


def load(paths: Paths) -> Dataset:
    try:
        package = json.loads(paths.datapackage.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problem = Problem("datapackage.json", None, None, "package-error", None,
                          f"cannot read datapackage.json: {exc}",
                          "không đọc được datapackage.json")
        return Dataset({"resources": []}, {}, [problem])
    dataset = Dataset(package, {})
    dataset.site = load_site_config(paths, dataset.problems)
    for index, resource in enumerate(package.get("resources", [])):
        table = Table(resource["name"], resource["path"], load_schema(paths, index, resource, dataset.problems))
        dataset.tables[table.name] = table
        if not inside(paths, resource["path"], paths.data):
            dataset.problems.append(_unsafe(index, "path", resource["path"]))
            continue
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
        if resource.get("schema") == FIGURE_SCHEMA:
            dataset.row_dates[table.name] = row_dates(paths, resource["path"], text)
        table.header = records[0]
        for number, record in enumerate(records[1:], start=2):
            if not any(cell.strip() for cell in record):
                continue  # blank line: frictionless reports it
            table.rows.append(dict(zip(table.header, record)))
            table.row_numbers.append(number)
    sources = dataset.tables.get("sources")
    dataset.updated = data_updated(paths, sources.rows if sources else [])
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
