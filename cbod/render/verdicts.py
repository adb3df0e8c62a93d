"""What the targets pages and the indicator summary boxes show of the assessment.

They are rendered from the rows of the published `scorecard` table (cbod/derive/scorecard_table.py),
so a page and the CSV cannot say different things. A row becomes a view: the target and the
result it was compared with as figure records (so the page formats them like any figure), its
status with an icon, and its term.
"""
from __future__ import annotations

from ..derive.assessment import STATUSES, has_ended
from .site import Site

# Shown next to the status text, never instead of it (the icon is aria-hidden).
STATUS_ICONS = {"achieved": "✓", "partly": "◐", "not_achieved": "✗", "on_target": "✓", "substantial": "↗",
                "moderate": "→", "limited": "→", "deterioration": "↘", "not_available": "–"}
assert set(STATUS_ICONS) == set(STATUSES)


def _rec(row: dict, prefix: str, kind: str) -> dict | None:
    if row[f"{prefix}_value"] is None:
        return None
    rec = {k: row[f"{prefix}_{k}"] for k in ("period_start", "period_end", "aggregation", "comparator", "value",
                                               "value_high", "unit_id", "source_id", "locator")}
    rec["kind"] = kind
    return rec


def row_view(row: dict, site: Site) -> dict:
    terms = {t["id"]: t for t in site.model["terms"]}
    term = terms[row["term_id"]]
    view = dict(row, term=term, indicator=site.model["indicators"][row["indicator_id"]],
                target=_rec(row, "target", term["kind"]), result=_rec(row, "result", row["result_kind"] or "actual"))
    if row["result_yearly_average"] is not None:
        view["average"] = dict(view["result"], value=row["result_yearly_average"], value_high=None,
                               aggregation="annual_average")
    return view


def scorecard_views(site: Site) -> list[dict]:
    return site.once("scorecard-views", lambda: [row_view(r, site) for r in site.derived["tables"]["scorecard"]])


def term_views(site: Site) -> list[dict]:
    """Per term, in the order of terms.csv: whether it has ended, its counts and its targets
    grouped by topic (in the order of the topics)."""
    def make():
        views = scorecard_views(site)
        out = []
        for term in site.model["terms"]:
            rows = [v for v in views if v["term_id"] == term["id"]]
            counts = {st: sum(1 for v in rows if v["status"] == st) for st in STATUSES}
            groups = [(topic, [v for v in rows if v["topic_id"] == topic["id"]]) for topic in site.topic_list]
            sources = sorted({v["target_source_id"] for v in rows})
            out.append({"term": term, "ended": has_ended(term, site.model["sources"]), "total": len(rows),
                        "counts": counts, "groups": [(t, g) for t, g in groups if g], "sources": sources})
        return out
    return site.once("term-views", make)


def related_ids(site: Site) -> dict[str, list[str]]:
    """indicator id -> related indicator ids, both ways (the catalogue writes each pair once)."""
    def make():
        out: dict[str, set] = {}
        for ind in site.model["indicators"].values():
            for other in filter(None, (ind.get("related") or "").split(";")):
                out.setdefault(ind["id"], set()).add(other)
                out.setdefault(other, set()).add(ind["id"])
        return {k: sorted(v) for k, v in out.items()}
    return site.once("related", make)


def breaks_of(site: Site) -> dict[str, list[dict]]:
    """indicator id -> its series breaks (rows of catalogues/series-breaks.csv), by year."""
    def make():
        out: dict[str, list[dict]] = {}
        for row in sorted(site.model["catalogues"].get("series-breaks", []), key=lambda r: (r["indicator_id"], r["year"])):
            out.setdefault(row["indicator_id"], []).append(row)
        return out
    return site.once("breaks", make)


def break_positions(figures: list[dict], breaks: list[dict]) -> dict[int, list[dict]]:
    """Index of the first figure of each new series (figures are in time order): the breaks to
    show before that row of the table."""
    out: dict[int, list[dict]] = {}
    for b in breaks:
        index = next((i for i, f in enumerate(figures) if f["period_end"] >= b["year"]), None)
        if index is not None and index > 0:
            out.setdefault(index, []).append(b)
    return out


def _group(views: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for v in views:
        out.setdefault(v["indicator_id"], []).append(v)
    return out


def summary_targets(site: Site, indicator_id: str) -> list[dict]:
    """The targets an indicator page leads with: those of the indicator and of its related
    indicators, in the running terms and in the last term that has ended."""
    terms = site.model["terms"]
    sources = site.model["sources"]
    ended = [t for t in terms if t["kind"] == "target" and has_ended(t, sources)]
    shown = {t["id"] for t in terms if not has_ended(t, sources)}
    if ended:
        shown.add(max(ended, key=lambda t: t["end_last"])["id"])
    order = {t["id"]: i for i, t in enumerate(terms)}
    wanted = [indicator_id] + related_ids(site).get(indicator_id, [])
    by_indicator = site.once("scorecard-by-indicator", lambda: _group(scorecard_views(site)))
    views = [v for i in dict.fromkeys(wanted) for v in by_indicator.get(i, []) if v["term_id"] in shown]
    # the running terms first (the current term, then plans), then the term that has ended
    return sorted(views, key=lambda v: (has_ended(v["term"], sources), order[v["term_id"]],
                                        wanted.index(v["indicator_id"])))
