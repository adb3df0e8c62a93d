"""Terms are data: a new annual plan (or term) is one row in catalogues/terms.csv, and the
targets page grows a section for it without a code change."""
from __future__ import annotations

import csv
import re

from cbod import pipeline
from cbod.render.site import render_site
from cbod.render.svg import Drawing
from conftest import copy_project
from helpers import append_row

TERMS = "data/catalogues/terms.csv"
BUDGET = "data/figures/budget.csv"


def test_a_new_plan_year_is_one_row_of_data(built, tmp_path):
    project = copy_project(tmp_path / "project", cache_from=built.cache)  # the charts are drawn already
    append_row(project.root / TERMS, {"id": "plan-2027", "kind": "plan", "end_first": "2027", "end_last": "2027",
                                      "name_vi": "Kế hoạch năm 2027", "name_en": "2027 plan"})
    append_row(project.root / BUDGET, {
        "indicator_id": "thu-ngan-sach", "period_start": "2027", "period_end": "2027", "aggregation": "year",
        "kind": "plan", "comparator": "eq", "value": "4321", "unit_id": "billion-vnd",
        "source_id": "nq70-hdnd-2025", "locator": "Mục thử",
        "locator_en": "Test section"})
    # the stages that make the pages and files (MkDocs only wraps them in the theme)
    result = pipeline.check(project)
    assert result.ok, "\n".join(result.report.lines()[:10])
    with Drawing(project.cache, result.model["languages"]) as drawing:
        render_site(project, result.dataset, result.model, result.derived, drawing)
    for lang, name, value in (("vi", "Kế hoạch năm 2027", "4.321"), ("en", "2027 plan", "4,321")):
        html = (project.docs / lang / "targets.md").read_text(encoding="utf-8")
        # a summary of its own, after the 2026 plan (the order of the file) ...
        terms = re.findall(r'<li class="cb-term" id="([^"]+)">', html)
        assert terms.index("plan-2027") == terms.index("plan-2026") + 1
        assert f'<a href="../targets/plan-2027/">{name}</a>' in html
        # ... counting the one new plan figure, which its own page shows
        assert '<p class="cb-term-total" data-term-total="plan-2027" data-count="1">1 ' in html
        page = (project.docs / lang / "targets/plan-2027.md").read_text(encoding="utf-8")
        assert f"<h1>{name}</h1>" in page and page.count('<li class="cb-target">') == 1
        assert value in page.split('<li class="cb-target">', 1)[1]
    with open(project.build / "static" / "data" / "scorecard.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["term_id"] == "plan-2027"]
    assert [(r["indicator_id"], r["target_value"]) for r in rows] == [("thu-ngan-sach", "4321")]
