"""Downloads: each resource as CSV, JSON and XLSX, one CSV per indicator (a slice of the
flat `figures` table: names, units and documents written out), the datapackage.json and a
ZIP bundle — all byte-reproducible (fixed zip timestamps). Every XLSX opens on its data;
its README sheet comes second."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import os
import zipfile
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from ..files import fingerprint
from ..load import Dataset
from ..paths import Paths

FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def _json_value(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and "E" not in str(v) and "." not in str(v) else float(v)
    return v


def _deterministic_zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def _records_json(records: list[dict]) -> str:
    """A JSON array with one record a line: as easy to read as indented JSON, and written by
    Python's C encoder (which does not indent) about twenty times faster."""
    return "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"


def _csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def licence_line(package: dict) -> str:
    """'Licence: Creative Commons Attribution 4.0 — https://…', from datapackage.json."""
    return "Licence: " + "; ".join(f"{lic.get('title', lic.get('name', ''))} — {lic.get('path', '')}"
                                   for lic in package.get("licenses", []))


# What an XLSX's bytes depend on besides its data: this module and the libraries that write it
# (a workbook cached by an older writer is not served for a newer one).
XLSX_WRITER = fingerprint([__file__], ("xlsxwriter",))


def _values(header: list[str], rows: list[dict]) -> list[list]:
    return [[_json_value(r[h]) for h in header] for r in rows]


def _xlsx_file(cache: Path, package: dict, resource: dict, header: list[str], values: list[list],
               fields: dict) -> Path:
    """Where the XLSX of these inputs is kept: build/cache/xlsx under the hash of everything it
    is made from, the data and the code and versions that write it (`XLSX_WRITER`)."""
    inputs = json.dumps([XLSX_WRITER, package, resource, header, values, fields], sort_keys=True,
                        ensure_ascii=False, default=str)
    return cache / "xlsx" / f"{hashlib.sha256(inputs.encode()).hexdigest()}.xlsx"


def _keep(file: Path, data: bytes) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(file)


def _make_kept(file: str, package: dict, resource: dict, header: list[str], values: list[list],
               fields: dict) -> None:
    """Make the workbook and keep it in the cache (in the workbooks' process)."""
    _keep(Path(file), _make_xlsx(package, resource, header, values, fields))


def _xlsx(package: dict, resource: dict, header: list[str], rows: list[dict], fields: dict,
          cache: Path | None = None) -> bytes:
    """An XLSX of `rows`, made once for the same inputs: spreadsheets are the slowest files to
    write, and most of them do not change from one build to the next, so they are kept in
    build/cache/xlsx (`_xlsx_file`)."""
    values = _values(header, rows)
    if cache is None:
        return _make_xlsx(package, resource, header, values, fields)
    file = _xlsx_file(cache, package, resource, header, values, fields)
    if not file.is_file():
        _keep(file, _make_xlsx(package, resource, header, values, fields))
    return file.read_bytes()


class _Digest(Mapping):
    """The size and sha256 of a workbook still being made: whoever reads them waits for it
    (a page showing them, or the page memo pickling the page's data)."""

    def __init__(self, workbooks: "Workbooks", target: Path):
        self._workbooks, self._target, self._value = workbooks, target, None

    def _get(self) -> dict:
        if self._value is None:
            self._value = self._workbooks.digest(self._target)
        return self._value

    def __getitem__(self, key):
        return self._get()[key]

    def __iter__(self):
        return iter(self._get())

    def __len__(self):
        return len(self._get())

    def __reduce__(self):
        return dict, (self._get(),)


class Workbooks:
    """The render's XLSX files, made in a background process while the pages are rendered.

    XlsxWriter is pure Python and the slowest writer of a render (at ×100 about 25 s, the
    flat figures table alone 16 s), so a workbook not in the cache is made by another process;
    `add` returns its size and hash as a mapping that waits for it when read, so only the
    pages that show them (the data pages, rendered last) wait. `finish` writes every workbook
    into its places. Without a cache (tests), or when it is small, a workbook is made at once."""

    # A workbook of fewer cells is made at once: starting the process costs about 0.2 s, the
    # time of some 40,000 cells (the real package's largest workbook has 33,000; at ×100 the
    # largest have millions).
    BACKGROUND_CELLS = 40_000

    def __init__(self, cache: Path | None):
        self.cache = cache
        self.made = 0
        self._pool: ProcessPoolExecutor | None = None
        self._jobs: dict[Path, tuple[Future | None, Path | bytes, list[Path]]] = {}

    def __enter__(self) -> "Workbooks":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add(self, targets: list[Path], package: dict, resource: dict, header: list[str], rows: list[dict],
            fields: dict) -> Mapping:
        """Make the workbook of `rows` into each of `targets` (the first names it)."""
        values = _values(header, rows)
        future, source = None, None
        if self.cache is None:
            source = _make_xlsx(package, resource, header, values, fields)
        else:
            source = _xlsx_file(self.cache, package, resource, header, values, fields)
            if not source.is_file():
                self.made += 1
                if len(values) * len(header) < self.BACKGROUND_CELLS:
                    _make_kept(str(source), package, resource, header, values, fields)
                else:
                    if self._pool is None:
                        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
                    future = self._pool.submit(_make_kept, str(source), package, resource, header, values, fields)
        self._jobs[targets[0]] = (future, source, targets)
        return _Digest(self, targets[0])

    def _bytes(self, target: Path) -> bytes:
        future, source, _ = self._jobs[target]
        if future is not None:
            future.result()
        return source if isinstance(source, bytes) else source.read_bytes()

    def digest(self, target: Path) -> dict:
        data = self._bytes(target)
        return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}

    def finish(self) -> None:
        """Wait for the workbooks and write each into its places."""
        try:
            for first, (_, _, targets) in sorted(self._jobs.items()):
                data = self._bytes(first)
                for target in targets:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
        finally:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


# XlsxWriter writes text as text: a string starting with "=" would otherwise be a formula,
# which a spreadsheet runs (data comes from pull requests); and neither URLs nor numbers are
# guessed from text. Rows are streamed to a temporary file (constant memory). The zip's
# timestamps are XlsxWriter's fixed ones; the document's dates are fixed below.
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                "constant_memory": True}


def _make_xlsx(package: dict, resource: dict, header: list[str], values: list[list], fields: dict) -> bytes:
    """The data sheet first (spreadsheets and pandas.read_excel open the first sheet), then
    a README sheet: titles, description, licence and the meaning of every column."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
    wb.set_properties({"author": "Cao Bằng Open Data", "created": datetime(2000, 1, 1)})
    sheet = wb.add_worksheet("data")
    sheet.write_row(0, 0, header)
    for n, row in enumerate(values, 1):
        sheet.write_row(n, 0, row)
    readme = [[f"{package.get('title', '')} / {package.get('title_vi', '')}"],
              [resource.get("title", ""), resource.get("title_vi", "")],
              [resource.get("description", ""), resource.get("description_vi", "")],
              [licence_line(package)],
              [],
              ["field", "type", "description", "mô tả"]]
    readme += [[name, fields[name].get("type", "string"), fields[name].get("description", ""),
                fields[name].get("description_vi", "")] for name in header]
    sheet = wb.add_worksheet("README")
    for n, row in enumerate(readme):
        sheet.write_row(n, 0, row)
    wb.close()
    return buf.getvalue()


def _cell(value) -> str:
    return "" if value is None else str(value)


COPY_KEY = "copy_to_data"  # tables.yml: also publish the files as data/<name>.csv|json|xlsx


def write_derived(package: dict, rows_by_table: dict[str, list[dict]], out: Path,
                  workbooks: Workbooks | None = None) -> dict:
    """The derived tables (cbod/derive/tables.py) under out/data/derived/: CSV, JSON and XLSX
    each, and a datapackage.json describing them. A table marked `copy_to_data` in tables.yml
    (the scorecard, the conflicts) is also published, byte for byte, as data/<name>.*, beside the
    package's own files. Returns the same facts as write_downloads, and the copies' paths.
    The workbooks are made by `workbooks` (without it, at once and not kept)."""
    own = workbooks is None
    workbooks = Workbooks(None) if own else workbooks
    from ..derive.tables import derived_tables

    folder = out / "data" / "derived"
    folder.mkdir(parents=True, exist_ok=True)
    counts, resources = {}, []
    taken = {r["name"] for r in package.get("resources", [])}
    for t in derived_tables():
        rows, header = rows_by_table[t.name], t.field_names
        fields = {f["name"]: f for f in t.schema["fields"]}
        (folder / f"{t.name}.csv").write_bytes(_csv_bytes(header, [[_cell(r[h]) for h in header] for r in rows]))
        (folder / f"{t.name}.json").write_text(_records_json([{h: _json_value(r[h]) for h in header} for r in rows]),
                                               encoding="utf-8")
        meta = {k: v for k, v in t.meta.items() if k != COPY_KEY}
        resource = dict(meta, name=t.name, path=f"{t.name}.csv", profile="tabular-data-resource",
                        format="csv", mediatype="text/csv", encoding="utf-8")
        resources.append(resource)
        copies, places = [], [folder / f"{t.name}.xlsx"]
        if t.meta.get(COPY_KEY):
            if t.name in taken:
                raise RuntimeError(f"derived table '{t.name}' would overwrite data/{t.name}.* of the data package")
            for ext in ("csv", "json"):
                (out / "data" / f"{t.name}.{ext}").write_bytes((folder / f"{t.name}.{ext}").read_bytes())
            places.append(out / "data" / f"{t.name}.xlsx")
            copies = [f"data/{t.name}.{ext}" for ext in ("csv", "json", "xlsx")]
        files = {ext: _digest(folder / f"{t.name}.{ext}") for ext in ("csv", "json")}
        files["xlsx"] = workbooks.add(places, package, resource, header, rows, fields)
        counts[t.name] = {"rows": len(rows), "header": header, "copies": copies,
                          "preview": [[_cell(r[h]) for h in header] for r in rows[:10]], "files": files}
    described = {k: package[k] for k in ("licenses", "homepage", "contributors", "version") if k in package}
    described.update(name=f"{package['name']}-derived", title=f"{package.get('title', '')} — derived tables",
                     profile="tabular-data-package", resources=resources)
    (folder / "datapackage.json").write_text(json.dumps(described, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")
    if own:
        workbooks.finish()
    return counts


def _digest(file: Path) -> dict:
    data = file.read_bytes()
    return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def write_downloads(paths: Paths, dataset: Dataset, model: dict, out: Path,
                    flat: list[dict], flat_fields: list[str], workbooks: Workbooks) -> dict:
    """Writes site files under out/data/; returns per resource: row count, a preview and
    the size and sha256 of each download. `flat` are the rows of the derived `figures`
    table (cbod/derive/flat.py), with `flat_fields` its columns: each indicator's CSV is
    its rows, with the same columns. The workbooks are made by `workbooks`."""
    data_dir = out / "data"
    (data_dir / "by-indicator").mkdir(parents=True, exist_ok=True)
    counts = {}
    bundle: list[tuple[str, bytes]] = []
    package = json.loads(json.dumps(dataset.package))
    for resource in package["resources"]:
        name = resource["name"]
        table = dataset.tables[name]
        raw = (paths.root / resource["path"]).read_bytes()
        resource["path"] = f"{name}.csv"
        resource["schema"] = table.schema  # the published package is self-contained
        (data_dir / f"{name}.csv").write_bytes(raw)
        bundle.append((f"{name}.csv", raw))
        fields = {f["name"]: f for f in table.schema["fields"]}
        header = table.field_names
        rows = model["catalogues"][name] if name in model["catalogues"] else \
            [r for r in model["figures"] if r["_resource"] == name]
        records = [{h: _json_value(r.get(h)) for h in header} for r in rows]
        (data_dir / f"{name}.json").write_text(_records_json(records), encoding="utf-8")
        files = {ext: _digest(data_dir / f"{name}.{ext}") for ext in ("csv", "json")}
        files["xlsx"] = workbooks.add([data_dir / f"{name}.xlsx"], dataset.package, resource, header, rows, fields)
        counts[name] = {"rows": len(rows), "header": header,
                        "preview": [[("" if r.get(h) is None else str(r.get(h))) for h in header] for r in rows[:10]],
                        "files": files}
    by_indicator: dict[str, list[dict]] = {ind_id: [] for ind_id in model["indicators"]}
    for rec in flat:
        by_indicator.setdefault(rec["indicator_id"], []).append(rec)
    for ind_id, recs in sorted(by_indicator.items()):
        rows = [[_cell(r[h]) for h in flat_fields] for r in recs]
        (data_dir / "by-indicator" / f"{ind_id}.csv").write_bytes(_csv_bytes(flat_fields, rows))
    dp = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    (data_dir / "datapackage.json").write_bytes(dp)
    bundle.append(("datapackage.json", dp))
    (data_dir / "cao-bang-open-data.zip").write_bytes(_deterministic_zip(bundle))
    return counts
