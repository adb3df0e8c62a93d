"""Terms are data: a new annual plan (or term) is one row in catalogues/terms.csv, and the
targets page grows a section for it without a code change."""
from __future__ import annotations

import re

from cbod import pipeline
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
        "source_id": "nq70-hdnd-2025", "locator": "Mục thử"})
    result = pipeline.build(project)
    assert result.ok, "\n".join(result.report.lines()[:10])
    for lang, name, value in (("", "Kế hoạch năm 2027", "4.321"), ("en/", "2027 plan", "4,321")):
        html = (project.site / lang / "targets/index.html").read_text(encoding="utf-8")
        # a section of its own, after the 2026 plan (the order of the file) ...
        headings = re.findall(r'<h2 id="([^"]+)"', html)
        assert headings.index("plan-2027") == headings.index("plan-2026") + 1
        assert f'<h2 id="plan-2027">{name}</h2>' in html
        # ... counted in the summary table, holding the one new plan figure
        assert re.search(rf'<a href="#plan-2027">{name}</a></th><td class="cb-num"[^>]*>1</td>', html)
        section = html.split('<h2 id="plan-2027">', 1)[1].split("<h2", 1)[0]
        assert value in section
