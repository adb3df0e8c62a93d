"""The pipeline: load -> validate -> derive -> render -> publish.

`check()` stops after validation; `build()` runs every stage and replaces site/
only when all of them succeed.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from .derive import derive
from .load import Dataset, load
from .paths import Paths
from .problems import Report
from .validate import validate


@dataclass
class Result:
    report: Report
    model: dict | None = None
    derived: dict | None = None
    timings: dict = field(default_factory=dict)
    dataset: Dataset | None = None

    @property
    def ok(self) -> bool:
        return self.report.valid


def summary(model: dict, derived: dict) -> list[str]:
    rows = Counter(f["_resource"] for f in model["figures"])
    resources = model["figure_resources"]
    by_source = Counter(f["source_id"] for f in model["figures"])
    by_topic = Counter(model["indicators"][f["indicator_id"]]["topic_id"] for f in model["figures"])
    lines = [f"figures: {len(model['figures'])} ("
             + ", ".join(f"{k} {rows[k]}" for k in resources) + ")",
             f"indicators: {len(model['indicators'])}, topics: {len(model['topics'])}, "
             f"units: {len(model['units'])}, sources: {len(model['sources'])}",
             "by source: " + ", ".join(f"{k} {v}" for k, v in sorted(by_source.items())),
             "by topic: " + ", ".join(f"{k} {v}" for k, v in sorted(by_topic.items())),
             f"conflicts: {len(derived['conflicts'])}"]
    return lines


def check(paths: Paths) -> Result:
    timings = {}
    t = time.perf_counter()
    dataset = load(paths)
    timings["load"] = time.perf_counter() - t
    t = time.perf_counter()
    report, model = validate(paths, dataset)
    timings["validate"] = time.perf_counter() - t
    result = Result(report, model, timings=timings, dataset=dataset)
    if report.valid:
        t = time.perf_counter()
        result.derived = derive(model)
        timings["derive"] = time.perf_counter() - t
    return result


def build(paths: Paths, preview: bool = False) -> Result:
    """Every stage; site/ is replaced only when all of them succeed. The site's address
    (absolute links in structured data and embed codes) is the package's homepage in
    datapackage.json.

    With `preview` (make serve), the site is left in the staging folder (build/site) without
    its search index, and site/ is not touched: `publish.index_staging` adds the index later."""
    from .contract import Pending
    from .publish import publish
    from .render.site import render_site
    from .render.svg import Drawing

    result = check(paths)
    if not result.ok:
        return result
    # The chart SVGs are drawn in other processes from render until publish has built the
    # HTML; leaving the block stops them, whatever happened.
    with Drawing(paths.cache, result.model["languages"]) as drawing:
        t = time.perf_counter()
        render_site(paths, result.dataset, result.model, result.derived, drawing)
        result.timings["render"] = time.perf_counter() - t
        pending = Pending(drawing.manifest(), drawing.outputs(), drawing.finish)
        result.timings.update(publish(paths, pending, search=not preview, to_site=not preview))
    return result
