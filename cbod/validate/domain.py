"""Domain rules: what a schema cannot say about a figure.

Each rule is a small generator over typed rows that yields `Problem`s.
Rules return errors for data that is wrong and warnings for data that is
suspicious but may be exactly what the source says (e.g. shares that do not
sum to 100 because the document's own numbers do not).
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Callable, Iterable, Iterator

from ..model import term_of
from ..problems import Problem

Rule = Callable[[dict], Iterator[Problem]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def _p(rec: dict, column: str | None, code: str, value, en: str, vi: str, severity="error") -> Problem:
    return Problem(rec["_file"], rec["_row"], column, code,
                   None if value is None else str(value), en, vi, severity)


PERCENT_UNITS = {"percent"}
# Growth against a distant base can legitimately exceed 100 % ("tăng 186,3% so với năm 2015");
# no figure in these documents comes near 1000 %, so beyond that it is a typing error.
PERCENT_BOUNDS = (Decimal(-100), Decimal(1000))


@rule
def period_rules(ctx: dict) -> Iterator[Problem]:
    for rec in ctx["figures"]:
        start, end, agg = rec["period_start"], rec["period_end"], rec["aggregation"]
        if start > end:
            yield _p(rec, "period_end", "period-order", f"{start}-{end}",
                     f"the period ends ({end}) before it starts ({start})",
                     "năm cuối kỳ nhỏ hơn năm đầu kỳ")
        elif agg == "year" and start != end:
            yield _p(rec, "aggregation", "period-aggregation", f"{start}-{end}",
                     "aggregation 'year' needs period_start = period_end; use 'period_total' or 'annual_average' for a period",
                     "số liệu một năm cần năm đầu = năm cuối; dùng period_total hoặc annual_average cho cả kỳ")
        elif agg != "year" and start == end:
            yield _p(rec, "aggregation", "period-aggregation", agg,
                     f"aggregation '{agg}' needs a period of several years; use 'year' for a single year",
                     "tổng/bình quân kỳ cần một kỳ nhiều năm; dùng 'year' cho một năm")


@rule
def value_rules(ctx: dict) -> Iterator[Problem]:
    for rec in ctx["figures"]:
        low, high, comp = rec["value"], rec["value_high"], rec["comparator"]
        if high is not None:
            if comp not in ("eq", "about"):
                yield _p(rec, "value_high", "range-comparator", comp,
                         "a range (value_high) goes only with comparator 'eq' or 'about'",
                         "khoảng giá trị (value_high) chỉ dùng với comparator 'eq' hoặc 'about'")
            if high <= low:
                yield _p(rec, "value_high", "range-order", f"{low}-{high}",
                         f"value_high ({high}) must be greater than value ({low})",
                         "cận trên phải lớn hơn cận dưới")
        if rec["unit_id"] in PERCENT_UNITS:
            for column, v in (("value", low), ("value_high", high)):
                if v is not None and not (PERCENT_BOUNDS[0] <= v <= PERCENT_BOUNDS[1]):
                    yield _p(rec, column, "percent-bounds", v,
                             f"a percentage must lie between {PERCENT_BOUNDS[0]} and {PERCENT_BOUNDS[1]}",
                             "tỷ lệ phần trăm nằm ngoài khoảng hợp lý")
        ind = ctx["indicators"].get(rec["indicator_id"])
        if ind and ind.get("share_group") and rec["unit_id"] in PERCENT_UNITS:
            for column, v in (("value", low), ("value_high", high)):
                if v is not None and not (0 <= v <= 100):
                    yield _p(rec, column, "share-bounds", v,
                             "a share of a whole must lie between 0 and 100 %",
                             "tỷ trọng phải nằm trong khoảng 0–100%")


@rule
def reported_rules(ctx: dict) -> Iterator[Problem]:
    for rec in ctx["figures"]:
        for column in ("reported_status", "reported_pct_of_target"):
            if rec[column] is not None and rec["kind"] not in ("actual", "estimate"):
                yield _p(rec, column, "reported-on-target", rec[column],
                         "the document's verdict on a target belongs on the result row (kind actual or estimate)",
                         "đánh giá mức đạt mục tiêu ghi ở dòng kết quả (actual/estimate)")


def _translations(rec: dict, codes: list[str]) -> Iterator[Problem]:
    """A text given in one language (column `x_<code>`) is given in every language."""
    bases = {column[: -len(code) - 1] for column in rec for code in codes if column.endswith(f"_{code}")}
    for base in sorted(bases):
        twins = [f"{base}_{code}" for code in codes if f"{base}_{code}" in rec]
        filled = [t for t in twins if rec[t]]
        if filled and len(filled) != len(twins):
            missing = next(t for t in twins if not rec[t])
            yield _p(rec, missing, "missing-translation", None,
                     f"'{base}' needs every language: " + ", ".join(twins),
                     f"'{base}' cần đủ mọi ngôn ngữ: " + ", ".join(twins))


@rule
def text_rules(ctx: dict) -> Iterator[Problem]:
    codes = [str(lang) for lang in ctx["languages"]]
    tables = [ctx["figures"]] + list(ctx["catalogues"].values())
    for rows in tables:
        for rec in rows:
            for column, value in rec.items():
                if column.startswith("_") or not isinstance(value, str):
                    continue
                if value != value.strip():
                    yield _p(rec, column, "whitespace", value,
                             "remove the spaces at the start or end", "xóa khoảng trắng ở đầu hoặc cuối")
            yield from _translations(rec, codes)


@rule
def resource_rules(ctx: dict) -> Iterator[Problem]:
    """A topic names a figures table of datapackage.json, and a figure sits in the file of its
    indicator's topic (tourism figures in tourism.csv...)."""
    for topic in ctx["catalogues"].get("topics", []):
        if topic["resource"] not in ctx["figure_resources"]:
            yield _p(topic, "resource", "unknown-resource", topic["resource"],
                     "no figures table of this name in datapackage.json; use one of "
                     + ", ".join(ctx["figure_resources"]),
                     "không có bảng số liệu tên này trong datapackage.json; dùng một trong "
                     + ", ".join(ctx["figure_resources"]))
    for rec in ctx["figures"]:
        ind = ctx["indicators"].get(rec["indicator_id"])
        if not ind:
            continue
        topic = ctx["topics"].get(ind["topic_id"])
        if topic and rec["_resource"] != topic["resource"]:
            yield _p(rec, "indicator_id", "wrong-file", rec["indicator_id"],
                     f"indicator of topic '{ind['topic_id']}' belongs in data/figures/{topic['resource']}.csv",
                     f"chỉ tiêu này thuộc tệp data/figures/{topic['resource']}.csv")


@rule
def unit_rules(ctx: dict) -> Iterator[Problem]:
    units = ctx["units"]
    for rec in ctx["catalogues"].get("units", []):
        base = units.get(rec["base_unit_id"])
        if base and base["base_unit_id"] != base["id"]:
            yield _p(rec, "base_unit_id", "unit-base", rec["base_unit_id"],
                     "a base unit must be its own base (factor 1)", "đơn vị gốc phải là gốc của chính nó")


@rule
def share_group_rules(ctx: dict) -> Iterator[Problem]:
    """Members of a share group, for the same period, kind and source, add up to ~100 %."""
    members = defaultdict(set)
    for ind in ctx["indicators"].values():
        if ind.get("share_group"):
            members[ind["share_group"]].add(ind["id"])
    groups = defaultdict(list)
    for rec in ctx["figures"]:
        ind = ctx["indicators"].get(rec["indicator_id"])
        if ind and ind.get("share_group") and rec["unit_id"] == "percent" and rec["value_high"] is None:
            key = (ind["share_group"], rec["period_start"], rec["period_end"], rec["aggregation"],
                   rec["kind"], rec["source_id"])
            groups[key].append(rec)
    for key, recs in sorted(groups.items(), key=lambda kv: str(kv[0])):
        ids = {r["indicator_id"] for r in recs}
        if ids != members[key[0]] or len(recs) != len(ids):
            continue  # incomplete group or several readings: nothing to compare
        total = sum(r["value"] for r in recs)
        if abs(total - 100) > 1:
            first = min(recs, key=lambda r: (r["_file"], r["_row"]))
            yield _p(first, "value", "share-sum", total,
                     f"the shares of '{key[0]}' for {key[1]}–{key[2]} ({key[5]}) add up to {total}, not 100; "
                     "keep them if the source says so and add a note",
                     "tổng các tỷ trọng khác 100%; giữ nguyên nếu văn bản ghi như vậy và thêm ghi chú",
                     severity="warning")


@rule
def term_rules(ctx: dict) -> Iterator[Problem]:
    """Terms (catalogues/terms.csv) are well formed and do not overlap, and every target and
    plan figure falls in exactly one of them, so the targets page shows it."""
    terms = ctx["terms"]
    for rec in terms:
        if rec["end_first"] > rec["end_last"]:
            yield _p(rec, "end_last", "term-order", f"{rec['end_first']}-{rec['end_last']}",
                     f"end_last ({rec['end_last']}) is before end_first ({rec['end_first']}):"
                     " swap them or correct the wrong year",
                     "end_last nhỏ hơn end_first: đổi chỗ hai năm hoặc sửa năm sai")
    for i, rec in enumerate(terms):
        for other in terms[:i]:
            if (other["kind"] == rec["kind"] and rec["end_first"] <= other["end_last"]
                    and other["end_first"] <= rec["end_last"]):
                yield _p(rec, "end_first", "term-overlap", f"{rec['end_first']}-{rec['end_last']}",
                         f"overlaps term '{other['id']}' (row {other['_row']}, end years "
                         f"{other['end_first']}-{other['end_last']}): a figure would belong to both; change end_first"
                         " or end_last so that each end year is in one row of each kind",
                         f"trùng khoảng năm với nhóm '{other['id']}' (dòng {other['_row']}); sửa end_first"
                         " hoặc end_last để mỗi năm chỉ thuộc một dòng cùng loại")
    for rec in ctx["figures"]:
        if rec["kind"] in ("target", "plan") and term_of(rec, terms) is None:
            yield _p(rec, "period_end", "no-term", rec["period_end"],
                     f"no row of kind '{rec['kind']}' in data/catalogues/terms.csv holds end year "
                     f"{rec['period_end']}, so the targets page would leave this {rec['kind']} out: "
                     "add a row for its term or plan year there",
                     f"không có dòng loại '{rec['kind']}' nào trong data/catalogues/terms.csv chứa năm "
                     f"{rec['period_end']}: thêm một dòng cho nhiệm kỳ/năm kế hoạch này")


@rule
def related_rules(ctx: dict) -> Iterator[Problem]:
    """`related` in the indicator catalogue names other indicators that exist, each once."""
    indicators = ctx["indicators"]
    for rec in ctx["catalogues"].get("indicators", []):
        seen = set()
        for other in (rec.get("related") or "").split(";"):
            if not other:
                continue
            if other == rec["id"]:
                yield _p(rec, "related", "related-self", other,
                         "an indicator cannot be related to itself; remove its own id",
                         "chỉ tiêu không thể liên quan đến chính nó; xóa mã của chính nó")
            elif other not in indicators:
                yield _p(rec, "related", "related-unknown", other,
                         f"no indicator '{other}' in data/catalogues/indicators.csv; write an existing id "
                         "(ids are separated by ';')",
                         f"không có chỉ tiêu '{other}' trong data/catalogues/indicators.csv; ghi mã có sẵn, cách nhau bởi ';'")
            elif other in seen:
                yield _p(rec, "related", "related-repeated", other,
                         f"'{other}' is listed twice; write it once", f"'{other}' bị ghi hai lần; chỉ ghi một lần")
            seen.add(other)


@rule
def unused_catalogue_rules(ctx: dict) -> Iterator[Problem]:
    used = {r["indicator_id"] for r in ctx["figures"]}
    for rec in ctx["catalogues"].get("indicators", []):
        if rec["id"] not in used:
            yield _p(rec, "id", "unused-indicator", rec["id"],
                     "no figure uses this indicator", "chưa có số liệu nào dùng chỉ tiêu này",
                     severity="warning")


def check(ctx: dict, rules: Iterable[Rule] = RULES) -> list[Problem]:
    problems: list[Problem] = []
    for r in rules:
        problems.extend(r(ctx))
    return problems
