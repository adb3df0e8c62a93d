"""Structural validation with Frictionless: the Table Schema in datapackage.json
(types, required fields, enums, patterns, primary and foreign keys), plus the
files on disk against the resources listed."""
from __future__ import annotations

import hashlib
import json
import os
import re
from importlib import metadata
from pathlib import Path

from frictionless import FrictionlessException, Package, system

from ..paths import Paths
from ..problem_codes import CODES
from ..problems import Problem

# Frictionless error types -> (short English explanation, Vietnamese explanation)
EXPLAIN = {
    "type-error": ("the value does not have the column's type", "giá trị sai kiểu dữ liệu của cột"),
    "constraint-error": ("the value breaks a rule of the column", "giá trị vi phạm ràng buộc của cột"),
    "missing-cell": ("the row has fewer cells than the header", "dòng thiếu ô so với tiêu đề"),
    "extra-cell": ("the row has more cells than the header", "dòng thừa ô so với tiêu đề"),
    "blank-row": ("the row is empty", "dòng trống"),
    "extra-label": ("the header has a column the schema does not define", "tiêu đề có cột không có trong lược đồ"),
    "missing-label": ("the header lacks a column of the schema", "tiêu đề thiếu một cột của lược đồ"),
    "incorrect-label": ("a header name differs from the schema", "tên cột khác với lược đồ"),
    "duplicate-label": ("a column name appears twice", "tên cột bị lặp"),
    "blank-label": ("a column name is empty", "tên cột để trống"),
    "unique-error": ("the value must be unique in its column", "giá trị phải là duy nhất trong cột"),
}

# Extra hints for mistakes maintainers are likely to make.
NUMBER_HINT = (" Numbers are written the machine way: decimal point, no thousands separator"
               " (1382.08, not 1.382,08).")
NUMBER_HINT_VI = " Viết số dạng máy: dấu chấm thập phân, không có dấu phân cách hàng nghìn (1382.08, không viết 1.382,08)."


def _code(error) -> tuple[str, str]:
    """The problem code of a Frictionless error and, for a type not in the catalogue
    (passed on as `frictionless-error`), its own type to put before the message."""
    if error.type in CODES:
        return error.type, ""
    return "frictionless-error", f"{error.type}: "


def _explain(error, field_def: dict | None) -> tuple[str, str]:
    if error.type not in EXPLAIN:  # the catalogue's title, and Frictionless' own note on this error
        known = CODES.get(error.type)
        en, vi = (known.title_en, known.title_vi) if known else (error.title, error.title)
        note = getattr(error, "note", "") or ""
        return (f"{en}: {note}", f"{vi}: {note}") if note else (en, vi)
    en, vi = EXPLAIN[error.type]
    if error.type == "constraint-error":
        note = getattr(error, "note", "") or ""
        if 'constraint "required"' in note:
            return ("the cell is empty but this column is required", "ô trống nhưng cột này bắt buộc phải có giá trị")
        en, vi = f"{en}: {note}", f"{vi}: {note}"
    if error.type == "type-error" and field_def:
        kind = field_def.get("type")
        en = f"expected {'an' if str(kind)[:1] in 'aeiou' else 'a'} {kind}"
        vi = {"integer": "cần một số nguyên", "number": "cần một số"}.get(kind, f"cần kiểu {kind}")
        if kind in ("number", "integer"):
            en += "." + NUMBER_HINT
            vi += "." + NUMBER_HINT_VI
    return en, vi


def _key_problem(error, resource: dict, resources: dict[str, dict]) -> tuple[str | None, str | None, str, str]:
    """Column, value and message of a primary-key or foreign-key error, naming the key
    columns, the values, the other row or the catalogue file, and the fix."""
    schema = resource.get("schema", {})
    names = [f["name"] for f in schema.get("fields", [])]
    if error.type == "primary-key":
        key = schema.get("primaryKey") or []
        key = [key] if isinstance(key, str) else list(key)
        cells = list(getattr(error, "cells", None) or [])
        values = [cells[names.index(k)] if k in names and names.index(k) < len(cells) else "" for k in key]
        match = re.search(r"row at position (\d+)", getattr(error, "note", "") or "")
        other = f"row {match.group(1)}" if match else "another row"
        other_vi = f"dòng {match.group(1)}" if match else "một dòng khác"
        return (", ".join(key), " / ".join(values),
                f"this row repeats {other} in every key column ({', '.join(key)}): a row may appear"
                " once; delete the repeated row or correct one of its key cells",
                f"dòng này trùng {other_vi} ở mọi cột khóa ({', '.join(key)}): mỗi dòng chỉ xuất hiện"
                " một lần; xóa dòng lặp hoặc sửa một ô khóa")
    # foreign-key
    columns = list(getattr(error, "field_names", None) or [])
    values = [str(v) for v in (getattr(error, "field_cells", None) or [])]
    target = resources.get(getattr(error, "reference_name", "") or "") or resource
    target_path = target.get("path", "?")
    target_cols = ", ".join(getattr(error, "reference_field_names", None) or [])
    return (", ".join(columns) or None, " / ".join(values),
            f"no such id in column {target_cols} of {target_path}: correct the id here,"
            f" or add a row for it to {target_path}",
            f"không có mã này trong cột {target_cols} của {target_path}: sửa mã ở đây,"
            f" hoặc thêm một dòng cho mã này vào {target_path}")


def check_files(paths: Paths, package: dict) -> list[Problem]:
    """Every CSV under data/ is listed in datapackage.json (and vice versa, via load)."""
    listed = {Path(r["path"]).as_posix() for r in package.get("resources", [])}
    problems = []
    for file in sorted(paths.data.rglob("*.csv")):
        rel = file.relative_to(paths.root).as_posix()
        if rel not in listed:
            problems.append(Problem(
                rel, None, None, "unlisted-file", None,
                "this CSV is not listed in datapackage.json: add a resource for it or remove it",
                "tệp CSV này chưa được khai báo trong datapackage.json"))
    return problems


def check_metadata(package: dict) -> list[Problem]:
    """The package-level facts the site publishes: its address (homepage, ending in "/", the
    site_url of mkdocs.yml) and at least one licence with a link."""
    problems = []
    homepage = package.get("homepage")
    if not isinstance(homepage, str) or not homepage.startswith("https://") or not homepage.endswith("/"):
        problems.append(Problem("datapackage.json", None, "homepage", "package-metadata",
                                None if homepage is None else str(homepage),
                                "homepage must be the site's address, starting with https:// and ending in /",
                                "homepage phải là địa chỉ của trang, bắt đầu bằng https:// và kết thúc bằng /"))
    licences = package.get("licenses")
    if not isinstance(licences, list) or not licences or not all(
            isinstance(lic, dict) and lic.get("path") for lic in licences):
        problems.append(Problem("datapackage.json", None, "licenses", "package-metadata", None,
                                "licenses needs at least one licence with a path (its URL)",
                                "licenses cần ít nhất một giấy phép có path (đường dẫn)"))
    return problems


def check_schema(paths: Paths, package: dict, readable: set[str], schemas: dict[str, dict]) -> list[Problem]:
    """Run Frictionless over the resources whose files could be read (and whose paths load
    found inside data/). Frictionless keeps its own safe-path check: nothing outside the
    project is read.

    Each resource's problems are kept (in memory and in build/cache/frictionless) under the
    hash of everything its validation reads: its file, its descriptor and schema, the files
    its foreign keys point to, the package's other metadata, this module and Frictionless'
    version. A one-cell edit re-validates one file; an unchanged package none."""
    descriptor = dict(package)
    descriptor["resources"] = [r for r in package.get("resources", []) if r["name"] in readable]
    # the resources with their schemas read (a schema may be the path of a file)
    by_name = {r["name"]: dict(r, schema=schemas.get(r["name"], {"fields": []})) for r in package.get("resources", [])}
    keys = {r["name"]: _memo_key(paths, package, r, by_name) for r in descriptor["resources"]}
    memo = {name: _memo_get(paths, key) for name, key in keys.items()}
    problems: list[Problem] = []
    try:
        with system.use_context(trusted=False):
            pkg = Package(descriptor, basepath=str(paths.root))
            meta_key = _digest(_CODE + _FRICTIONLESS + json.dumps(
                [descriptor, schemas], sort_keys=True, ensure_ascii=False, default=str).encode())
            if _memo_get(paths, meta_key) is None:  # an invalid descriptor raises: schema-error below
                pkg.to_descriptor(validate=True)
                _memo_put(paths, meta_key, [])
            for name in sorted(keys):
                if memo[name] is None:
                    found = _resource_problems(pkg.get_resource(name).validate(), by_name)
                    memo[name] = [p.as_dict() for p in found]
                    _memo_put(paths, keys[name], memo[name])
    except FrictionlessException as exc:
        return [Problem("datapackage.json", None, None, "schema-error", None,
                        f"datapackage.json is not a valid data package: {exc.error.message}",
                        "datapackage.json không hợp lệ")]
    for r in descriptor["resources"]:  # in the package's order, as Frictionless reports them
        problems += [Problem.restored(p) for p in memo[r["name"]]]
    return problems


_MEMO: dict[str, list[dict]] = {}
_CODE = Path(__file__).read_bytes()
_FRICTIONLESS = metadata.version("frictionless").encode()  # looked up once: a scan of the installed packages


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _memo_key(paths: Paths, package: dict, resource: dict, by_name: dict) -> str:
    digest = hashlib.sha256(_CODE)
    digest.update(_FRICTIONLESS)
    digest.update(json.dumps({k: v for k, v in package.items() if k != "resources"}, sort_keys=True,
                             ensure_ascii=False, default=str).encode())
    names = [resource["name"]] + sorted({fk.get("reference", {}).get("resource") or resource["name"]
                                         for fk in by_name[resource["name"]]["schema"].get("foreignKeys", [])})
    for name in names:
        r = by_name.get(name)
        digest.update(json.dumps([name, r], sort_keys=True, ensure_ascii=False, default=str).encode())
        file = paths.root / r["path"] if r and isinstance(r.get("path"), str) else None
        digest.update(file.read_bytes() if file is not None and file.is_file() else b"\0missing")
    return digest.hexdigest()


def _memo_get(paths: Paths, key: str) -> list[dict] | None:
    if key in _MEMO:
        return _MEMO[key]
    file = paths.cache / "frictionless" / f"{key}.json"
    if file.is_file():
        try:
            _MEMO[key] = json.loads(file.read_text(encoding="utf-8"))
            return _MEMO[key]
        except ValueError:
            return None
    return None


def _memo_put(paths: Paths, key: str, problems: list[dict]) -> None:
    _MEMO[key] = problems
    file = paths.cache / "frictionless" / f"{key}.json"
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(problems, ensure_ascii=False), encoding="utf-8")
        tmp.replace(file)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _resource_problems(report, by_name: dict) -> list[Problem]:
    """The problems of one resource's Frictionless report, positioned and explained."""
    problems = []
    for task in report.tasks:
        resource = by_name.get(task.name)
        fields = {f["name"]: f for f in (resource or {}).get("schema", {}).get("fields", [])}
        path = resource["path"] if resource else (task.name or "datapackage.json")
        for error in task.errors:
            field_name = getattr(error, "field_name", None) or getattr(error, "label", None)
            cell = getattr(error, "cell", None)
            row = getattr(error, "row_number", None)
            if error.type in ("extra-label", "missing-label", "incorrect-label", "duplicate-label", "blank-label"):
                row = 1
            en, vi = _explain(error, fields.get(field_name or ""))
            if error.type == "constraint-error" and cell in (None, ""):
                cell = None
            if error.type in ("primary-key", "foreign-key") and resource:
                field_name, cell, en, vi = _key_problem(error, resource, by_name)
            code, kind = _code(error)
            problems.append(Problem(path, row, field_name, code,
                                    None if cell is None else str(cell), kind + en, kind + vi))
    for error in report.errors:  # the resource's own metadata
        code, kind = _code(error)
        problems.append(Problem("datapackage.json", None, None, code, None, kind + error.message, ""))
    return problems
