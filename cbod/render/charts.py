"""Charts: Altair builds a Vega-Lite spec per indicator and language; vl-convert
renders it to a static SVG at build time (cached by content hash).

Actual, estimate, target and plan differ by shape and by dash as well as colour
(Okabe–Ito palette, safe for colour-blind readers). Periods are drawn as segments
spanning their years; ranges as vertical bars.
"""
from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import altair as alt
import vl_convert
from altair.utils.schemapi import debug_mode

from .fmt import D3_LOCALE, number, period_text, value_text

KINDS = ["actual", "estimate", "target", "plan"]
COLORS = ["#0072B2", "#56B4E9", "#D55E00", "#009E73"]
SHAPES = ["circle", "diamond", "triangle-up", "square"]
DASHES = [[1, 0], [4, 2], [6, 3], [2, 2]]
CHARTED = ("year", "annual_average")


def chart_rows(figures: list[dict]) -> tuple[list[dict], int]:
    """The figures a chart can show honestly, and how many it leaves to the table.

    Single years and annual averages share a scale; period totals do not, so they are
    charted only when an indicator has nothing else. Values in a unit that cannot be
    converted to the indicator's unit, and changes measured against a stated base period
    ("186.3 % more than in 2015"), stay in the table.
    """
    convertible = [f for f in figures if f["display_value"] is not None and not f.get("base_period")]
    rows = [f for f in convertible if f["aggregation"] in CHARTED]
    if not rows:
        rows = convertible
    return rows, len(figures) - len(rows)


# Placeholders of the per-language chart template; `build_spec` fills them in.
TITLE, DESCRIPTION, UNIT = "\x00title", "\x00description", "\x00unit"


@functools.lru_cache(maxsize=None)
def _template(lang: str, strings_json: str) -> str:
    """The chart design, built once per language with Altair (as JSON text).

    Building a layered chart in Altair costs ~0.1 s (deep copies of the schema
    objects), so the design is built once and each indicator fills in its title,
    description, unit and data. Altair's schema validation is off here; the tests
    validate every written spec against the Vega-Lite JSON schema.
    """
    s = json.loads(strings_json)
    kind_labels = [s["kind"][k] for k in KINDS]
    tooltip = [alt.Tooltip("period:N", title=s["indicator"]["period"]),
               alt.Tooltip("value:N", title=s["indicator"]["value"]),
               alt.Tooltip("kind:N", title=s["indicator"]["kind"]),
               alt.Tooltip("source:N", title=s["indicator"]["source"])]
    with debug_mode(False):
        color = alt.Color("kind:N", scale=alt.Scale(domain=kind_labels, range=COLORS),
                          legend=alt.Legend(title=None, orient="bottom"))
        shape = alt.Shape("kind:N", scale=alt.Scale(domain=kind_labels, range=SHAPES), legend=None)
        dash = alt.StrokeDash("kind:N", scale=alt.Scale(domain=kind_labels, range=DASHES), legend=None)
        x = alt.X("start:Q", scale=alt.Scale(zero=False, nice=False, padding=18), title=s["axis_year"],
                  axis=alt.Axis(format="d", tickMinStep=1))
        y = alt.Y("y:Q", title=UNIT, axis=alt.Axis(format=",~r"))
        base = alt.Chart()
        points = base.transform_filter("datum.single").mark_point(size=90, filled=True, opacity=0.9).encode(
            x=x, y=y, color=color, shape=shape, tooltip=tooltip)
        spans = base.transform_filter("!datum.single").mark_rule(strokeWidth=3).encode(
            x=x, x2="end:Q", y=y, color=color, strokeDash=dash, tooltip=tooltip)
        ranges = base.transform_filter("datum.y2 != null").mark_rule(strokeWidth=2).encode(
            x=x, y=y, y2="y2:Q", color=color, strokeDash=dash, tooltip=tooltip)
        chart = alt.layer(spans, ranges, points).properties(
            width=560, height=260, title=alt.Title(TITLE, anchor="start", fontSize=14), description=DESCRIPTION,
        ).configure_view(stroke=None).configure_axis(labelFontSize=11, titleFontSize=11)
        spec = chart.to_dict(validate=False)
    # A chart built without data gets a placeholder dataset in every layer; the layers must
    # inherit the top-level data that `build_spec` attaches instead.
    spec.pop("datasets", None)
    for layer in spec.get("layer", []):
        layer.pop("data", None)
    return json.dumps(spec, sort_keys=True)


def _fill(node, values: dict):
    if isinstance(node, dict):
        return {k: _fill(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, values) for v in node]
    return values.get(node, node) if isinstance(node, str) else node


def build_spec(indicator: dict, figures: list[dict], lang: str, s: dict, ctx: dict) -> dict | None:
    """The Vega-Lite spec of an indicator's chart, or None when nothing can be charted."""
    rows, _ = chart_rows(figures)
    if not rows:
        return None
    units, sources = ctx["units"], ctx["sources"]
    values = []
    for f in rows:
        values.append({
            "start": f["period_start"],
            "end": f["period_end"],
            "y": float(f["display_value"]),
            "y2": float(f["display_value_high"]) if f["display_value_high"] is not None else None,
            "kind": s["kind"][f["kind"]],
            "period": period_text(f, lang, s),
            "value": value_text(f, units[f["unit_id"]], lang, s),
            "source": sources[f["source_id"]][f"short_{lang}"],
            "single": f["period_start"] == f["period_end"],
        })
    name = indicator[f"name_{lang}"]
    spec = _fill(json.loads(_template(lang, json.dumps(s, sort_keys=True))), {
        TITLE: name,
        DESCRIPTION: s["indicator"]["chart_alt"].format(name=name),
        UNIT: units[indicator["unit_id"]][f"name_{lang}"],
    })
    spec["data"] = {"values": values}
    spec["usermeta"] = {"locale": lang}
    return spec


STATUS_COLORS = {"achieved": "#009E73", "partly": "#E69F00", "not_achieved": "#D55E00",
                 "on_target": "#004D40", "substantial": "#0072B2", "moderate": "#56B4E9",
                 "limited": "#CC79A7", "deterioration": "#7F3C00", "not_available": "#999999"}


def scorecard_spec(rows: list[dict], lang: str, s: dict) -> dict:
    """Stacked bars: number of targets per term and computed status."""
    statuses = list(STATUS_COLORS)
    labels = [s["status"][k] for k in statuses]
    with debug_mode(False):
        chart = alt.Chart().mark_bar().encode(
            y=alt.Y("term:N", title=None, sort=None),
            x=alt.X("count:Q", title=s["scorecard"]["targets"], axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color("status:N", scale=alt.Scale(domain=labels, range=list(STATUS_COLORS.values())),
                            legend=alt.Legend(title=None, orient="bottom", columns=3)),
            order=alt.Order("rank:Q"),
            tooltip=[alt.Tooltip("term:N", title=s["scorecard"]["term"]),
                     alt.Tooltip("status:N", title=s["scorecard"]["status"]),
                     alt.Tooltip("count:Q", title=s["scorecard"]["targets"])],
        ).properties(width=560, height=160, title=alt.Title(s["scorecard"]["chart"], anchor="start"),
                     description=s["scorecard"]["chart"])
        spec = chart.to_dict(validate=False)
    spec.pop("datasets", None)
    spec["data"] = {"values": [dict(r, status=s["status"][r["status"]], rank=statuses.index(r["status"]))
                               for r in rows]}
    spec["usermeta"] = {"locale": lang}
    return spec


def _cache_file(spec: dict, lang: str, cache: Path) -> Path:
    payload = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(f"{vl_convert.__version__}|{lang}|{payload}".encode()).hexdigest()
    return cache / "svg" / f"{key}.svg"


def _render_to(job: tuple[dict, str, str]) -> None:
    spec, lang, target = job
    svg = vl_convert.vegalite_to_svg(spec, format_locale=D3_LOCALE[lang], allowed_base_urls=[])
    file = Path(target)
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    tmp.write_text(svg, encoding="utf-8")
    tmp.replace(file)


def prerender(jobs: list[tuple[dict, str]], cache: Path, workers: int | None = None) -> int:
    """Render the SVGs not yet in the cache, in parallel processes (vl-convert holds the GIL).
    Returns how many were rendered."""
    todo, seen = [], set()
    for spec, lang in jobs:
        file = _cache_file(spec, lang, cache)
        if not file.exists() and file not in seen:
            seen.add(file)
            todo.append((spec, lang, str(file)))
    workers = workers or min(len(todo) // 40, os.cpu_count() or 1)
    if workers <= 1:
        for job in todo:
            _render_to(job)
    else:
        ctx = multiprocessing.get_context("spawn")  # a fresh JS runtime per process; fork is unsafe
        with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            list(pool.map(_render_to, todo, chunksize=8))
    return len(todo)


def render_svg(spec: dict, lang: str, cache: Path) -> str:
    """Static SVG of a spec, cached on disk by the hash of everything that shapes it."""
    file = _cache_file(spec, lang, cache)
    if not file.exists():
        _render_to((spec, lang, str(file)))
    return file.read_text(encoding="utf-8")


def javascript_bundle(cache: Path) -> str:
    """The offline Vega + Vega-Lite + vega-embed bundle shipped inside vl-convert (no CDN)."""
    file = cache / f"vega-bundle-{vl_convert.__version__}.js"
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(vl_convert.javascript_bundle(), encoding="utf-8")
    return file.read_text(encoding="utf-8")
