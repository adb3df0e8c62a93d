"""Synthetic data packages: the real package scaled up with more indicators and more periods,
same schema, so that every stage does proportionally more work."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from cbod.load import FIGURE_SCHEMA

REPO = Path(__file__).resolve().parent.parent


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def make(dest: Path, indicator_copies: int, period_copies: int) -> Path:
    """Copy the project to `dest` with each indicator repeated `indicator_copies` times and each
    figure repeated `period_copies` times, shifted 40 years back each time (unique keys, same rules)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("datapackage.json", "mkdocs.yml", "data", "site_src"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    package = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["name"]: dest / r["path"] for r in package["resources"]}
    header, indicators = _read(paths["indicators"])
    copies = []
    for k in range(1, indicator_copies):
        for ind in indicators:
            copies.append(dict(ind, id=f"{ind['id']}-s{k}", name_vi=f"{ind['name_vi']} (mẫu {k})",
                               name_en=f"{ind['name_en']} (sample {k})"))
    _write(paths["indicators"], header, indicators + copies)
    header, terms = _read(paths["terms"])  # every shifted target needs its shifted term
    shifted = [dict(t, id=f"{t['id']}-p{j}", end_first=str(int(t["end_first"]) - 40 * j),
                    end_last=str(int(t["end_last"]) - 40 * j), name_vi=f"{t['name_vi']} (mẫu {j})",
                    name_en=f"{t['name_en']} (sample {j})")
               for j in range(1, period_copies) for t in terms]
    _write(paths["terms"], header, terms + shifted)
    for name in [r["name"] for r in package["resources"] if r.get("schema") == FIGURE_SCHEMA]:
        header, rows = _read(paths[name])
        out = []
        for k in range(indicator_copies):
            for j in range(period_copies):
                for row in rows:
                    r = dict(row)
                    if k:
                        r["indicator_id"] = f"{row['indicator_id']}-s{k}"
                    if j:
                        r["period_start"] = str(int(row["period_start"]) - 40 * j)
                        r["period_end"] = str(int(row["period_end"]) - 40 * j)
                        if r["base_period"]:
                            r["base_period"] = ""
                    out.append(r)
        _write(paths[name], header, out)
    return dest
