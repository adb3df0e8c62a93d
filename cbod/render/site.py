"""Render the whole site source: hand-written pages, generated pages, charts, downloads.

Writes markdown into paths.docs (MkDocs' docs_dir) and shared static files
(charts, data, vendored JavaScript) into paths.build/static, which publish copies
into the site. Nothing is written into site_src/.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter

import yaml
from markupsafe import Markup

from ..derive.assessment import STATUSES, term_counts
from ..derive.series import latest_result
from ..load import Dataset
from ..paths import Paths
from . import charts, svg
from .downloads import write_downloads
from .pages import LANGS, Page, environment, load_strings, svg_size, write_page

def _json_ld(obj: dict) -> str:
    """JSON for a <script> element: '<', '>' and '&' escaped so data cannot close the element."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _resource_view(resource: dict, info: dict, lang: str) -> dict:
    vi = lang == "vi"
    fields = []
    for f in resource["schema"]["fields"]:
        fields.append({"name": f["name"], "type": f.get("type", "string"),
                       "required": f.get("constraints", {}).get("required", False),
                       "description": f.get("description_vi" if vi else "description", "")})
    constraints = {}
    for f in resource["schema"]["fields"]:
        c = dict(f.get("constraints", {}))
        c.pop("required", None)
        constraints[f["name"]] = ", ".join(f"{k}: {v}" for k, v in sorted(c.items()))
    for f in fields:
        f["constraints"] = constraints[f["name"]]
    keys = resource["schema"].get("primaryKey", [])
    return {"name": resource["name"],
            "title": resource.get("title_vi" if vi else "title", resource["name"]),
            "description": resource.get("description_vi" if vi else "description", ""),
            "rows": info["rows"], "fields": fields, "files": info["files"], "header": info["header"],
            "preview": info["preview"], "primary_key": keys if isinstance(keys, list) else [keys],
            "foreign_keys": resource["schema"].get("foreignKeys", [])}


def _write_spec(static, name: str, spec: dict, lang: str) -> str:
    path = f"charts/{name}.{lang}.vl.json"
    (static / "charts").mkdir(exist_ok=True)
    (static / path).write_text(json.dumps(spec, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return path


def _chart_files(static, name: str, spec: dict, lang: str, paths: Paths) -> dict:
    """A chart whose SVG is drawn now, in its language (the scorecard: words are its data)."""
    spec_path = _write_spec(static, name, spec, lang)
    drawn = svg.draw(spec, lang, paths.cache)
    svg_path = f"charts/{name}.{lang}.svg"
    (static / svg_path).write_text(drawn, encoding="utf-8")
    width, height = svg_size(drawn)
    return {"spec": spec_path, "svg": svg_path, "width": width, "height": height}


def chart_view(ind: dict, static_spec: dict, lang: str, units: dict) -> dict:
    """What a page shows of an indicator's static chart: the SVG (being drawn by
    `svg.Drawing`), its fixed size, the unit and a legend of the kinds it draws."""
    kinds = {v["kind"] for v in static_spec["data"]["values"]}
    return {"svg": f"charts/{ind['id']}.{lang}.svg", "width": charts.STATIC_WIDTH, "height": charts.STATIC_HEIGHT,
            "legend": [(k, Markup(charts.LEGEND_ICONS[k])) for k in charts.KINDS if k in kinds],
            "unit": units[ind["unit_id"]][f"name_{lang}"]}


MAIN_SERIES = 4


def main_series(indicators: list[dict], static_specs: dict, lang: str, units: dict) -> list[dict]:
    """A topic's main series: the indicators whose charts hold the most points (ties by id)."""
    scored = []
    for ind in indicators:
        spec = static_specs.get(ind["id"])
        if spec is not None:
            scored.append((-len(spec["data"]["values"]), ind["id"], ind))
    return [{"indicator": ind, "chart": chart_view(ind, static_specs[ind["id"]], lang, units)}
            for _, _, ind in sorted(scored)[:MAIN_SERIES]]


def data_updated(paths: Paths, sources: dict) -> str:
    """Date of the last commit that touched data/ (deterministic for a commit); without git,
    the date of the newest source document."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "data", "datapackage.json"],
                             cwd=paths.root, capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return max(src["date"] for src in sources.values())


def scorecard_page(assessments: list[dict], terms: list[dict], lang: str, s: dict, static, paths: Paths) -> Page:
    """The targets page; `terms` (data/catalogues/terms.csv) gives its sections and their order."""
    by_term = {t["id"]: [e for e in assessments if e["term"] == t["id"]] for t in terms}
    counts = term_counts(assessments, terms)
    rows = [{"term": t[f"name_{lang}"], "status": st, "count": counts[t["id"]][st]}
            for t in terms for st in STATUSES if counts[t["id"]][st]]
    chart = _chart_files(static, "scorecard", charts.scorecard_spec(rows, lang, s), lang, paths)
    return Page("targets.md", "scorecard.j2", s["scorecard"]["title"], s["scorecard"]["description"],
                {"terms": terms, "by_term": by_term, "counts": counts, "statuses": STATUSES, "chart": chart})


def render_site(paths: Paths, dataset: Dataset, model: dict, derived: dict, site_url: str) -> dict:
    """Returns the pages written, the rows per resource and the `svg.Drawing` still at work:
    the publish stage calls its `finish` before it copies the static files."""
    static_specs = {i: charts.static_spec(figs) for i, figs in sorted(derived["by_indicator"].items())}
    static_specs = {i: spec for i, spec in static_specs.items() if spec is not None}
    drawing = svg.Drawing(static_specs, paths.cache, LANGS)
    try:
        out = _render(paths, dataset, model, derived, site_url, static_specs)
        (paths.build / "svg-manifest.json").write_text(
            json.dumps(drawing.manifest(), indent=1, sort_keys=True), encoding="utf-8")
    except BaseException:
        drawing.close()
        raise
    return dict(out, drawing=drawing)


def _render(paths: Paths, dataset: Dataset, model: dict, derived: dict, site_url: str,
            static_specs: dict) -> dict:
    docs, static = paths.docs, paths.build / "static"
    for folder in (docs, static):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(paths.site_src / "docs", docs)
    static.mkdir(parents=True)

    counts = write_downloads(paths, dataset, model, static)
    (static / "assets" / "vendor").mkdir(parents=True)
    (static / "assets" / "vendor" / "vega-bundle.js").write_text(
        charts.javascript_bundle(paths.cache), encoding="utf-8")

    strings = load_strings()
    env = environment()
    indicators, topics, sources = model["indicators"], model["topics"], model["sources"]
    by_indicator = derived["by_indicator"]
    topic_list = sorted(topics.values(), key=lambda t: t["order"])
    ind_sorted = sorted(indicators.values(), key=lambda i: (topics[i["topic_id"]]["order"], i["id"]))
    by_topic = {t["id"]: [i for i in ind_sorted if i["topic_id"] == t["id"]] for t in topic_list}
    fig_counts = Counter(f["indicator_id"] for f in model["figures"])
    src_counts = Counter(f["source_id"] for f in model["figures"])
    conflicts_by_ind: dict[str, list] = {}
    for c in derived["conflicts"]:
        conflicts_by_ind.setdefault(c["indicator_id"], []).append(c)
    common = {"indicators": indicators, "topics": topics, "units": model["units"], "sources": sources,
              "topic_list": topic_list}
    stats = {"figures": len(model["figures"]), "indicators": len(indicators), "sources": len(sources)}
    home_config = yaml.safe_load((paths.site_src / "site.yml").read_text(encoding="utf-8"))
    common["repository"] = home_config["repository"]
    headline = [{"indicator": indicators[i], "figure": latest_result(by_indicator.get(i, []))}
                for i in home_config["headline"]]
    home = {"stats": stats, "headline": headline, "updated": data_updated(paths, sources), "terms": model["terms"],
            "counts": term_counts(derived["assessments"], model["terms"]), "statuses": STATUSES}
    written = []

    specs = {(ind["id"], lang): charts.build_spec(ind, by_indicator.get(ind["id"], []), lang, strings[lang], model)
             for lang in LANGS for ind in ind_sorted}

    for lang in LANGS:
        s = strings[lang]
        resources = [_resource_view(r, counts[r["name"]], lang) for r in dataset.package["resources"]]
        res_by_name = {r["name"]: r for r in resources}
        targets = scorecard_page(derived["assessments"], model["terms"], lang, s, static, paths)
        pages = [
            Page("index.md", "home.j2", s["home"]["title"], s["home"]["description"],
                 dict(home, chart=targets.context["chart"])),
            Page("topics/index.md", "topics.j2", s["nav"]["topics"], s["home"]["description"], {}),
            Page("indicators/index.md", "indicators.j2", s["nav"]["indicators"], s["home"]["description"],
                 {"by_topic": by_topic}),
            Page("sources/index.md", "sources.j2", s["sources"]["title"], s["sources"]["description"],
                 {"source_list": sorted(sources.values(), key=lambda x: x["date"], reverse=True),
                  "counts": src_counts}),
            Page("data/index.md", "data.j2", s["data"]["title"], s["data"]["description"],
                 {"resources": resources}),
            Page("conflicts.md", "conflicts.j2", s["conflicts"]["title"], s["conflicts"]["description"],
                 {"conflicts": derived["conflicts"]}),
        ]
        pages.append(Page("programmes.md", "programmes.j2", s["programmes"]["title"], s["programmes"]["description"],
                          {"programmes": sorted(model["catalogues"].get("programmes", []),
                                                key=lambda p: (p["doc_type"] != "action_programme", p["number"]))}))
        pages.append(Page("profile.md", "profile.j2", s["profile"]["title"], s["profile"]["description"],
                          {"profile_figures": [f for i in by_topic.get("tong-quan", []) for f in by_indicator.get(i["id"], [])],
                           "gates": model["catalogues"].get("border-gates", []),
                           "timeline": sorted(model["catalogues"].get("timeline", []), key=lambda e: e["date"])}))
        pages.append(Page("search.md", "search.j2", s["search"]["title"], s["search"]["description"], {}))
        pages.append(targets)
        for r in resources:
            url = site_url + ("" if lang == "vi" else "en/") + f"data/{r['name']}/"
            ld = {"@context": "https://schema.org", "@type": "Dataset", "name": r["title"],
                  "description": r["description"], "url": url, "inLanguage": lang,
                  "license": dataset.package["licenses"][0]["path"],
                  "isAccessibleForFree": True, "keywords": dataset.package.get("keywords", []),
                  "spatialCoverage": {"@type": "Place", "name": "Cao Bằng, Việt Nam"},
                  "creator": {"@type": "Organization", "name": s["site_name"]},
                  "dateModified": home["updated"],
                  "distribution": [{"@type": "DataDownload", "encodingFormat": fmt_type,
                                    "contentUrl": site_url + f"data/{r['name']}.{ext}"}
                                   for ext, fmt_type in (("csv", "text/csv"), ("json", "application/json"),
                                                         ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))]}
            pages.append(Page(f"data/{r['name']}.md", "dataset.j2", r["title"], r["description"],
                              {"r": r, "json_ld": _json_ld(ld)}))
        for t in topic_list:
            main = main_series(by_topic[t["id"]], static_specs, lang, model["units"])
            pages.append(Page(f"topics/{t['id']}.md", "topic.j2", t[f"name_{lang}"], t[f"description_{lang}"],
                              {"topic": t, "topic_indicators": by_topic[t["id"]], "counts": fig_counts,
                               "main_series": main}))
        for src in sources.values():
            figs = [f for f in model["figures"] if f["source_id"] == src["id"]]
            pages.append(Page(f"sources/{src['id']}.md", "source.j2", src[f"short_{lang}"],
                              src[f"covers_{lang}"], {"src": src, "figures": figs}))
        for ind in ind_sorted:
            figs = by_indicator.get(ind["id"], [])
            topic = topics[ind["topic_id"]]
            chart = None
            spec = specs[(ind["id"], lang)]
            if spec is not None:
                chart = dict(chart_view(ind, static_specs[ind["id"]], lang, model["units"]),
                             spec=_write_spec(static, ind["id"], spec, lang))
                embed = f"embed/{ind['id']}.{lang}.html"
                (static / "embed").mkdir(exist_ok=True)
                (static / embed).write_text(env.get_template("embed.html.j2").render(
                    lang=lang, s=s, ind=ind, chart=chart, name=ind[f"name_{lang}"],
                    page_url=site_url + ("" if lang == "vi" else "en/") + f"indicators/{ind['id']}/",
                    sources=", ".join(sorted({sources[f["source_id"]][f"short_{lang}"] for f in figs}))),
                    encoding="utf-8")
                chart["embed"] = embed
                chart["embed_url"] = site_url + embed
            _, excluded = charts.chart_rows(figs)
            names = ", ".join(sorted({sources[f["source_id"]][f"short_{lang}"] for f in figs}))
            page_url = site_url + ("" if lang == "vi" else "en/") + f"indicators/{ind['id']}/"
            pages.append(Page(
                f"indicators/{ind['id']}.md", "indicator.j2", ind[f"name_{lang}"], ind[f"description_{lang}"],
                {"ind": ind, "topic": topic, "figures": figs, "chart": chart, "excluded": excluded,
                 "conflicts": conflicts_by_ind.get(ind["id"], []),
                 "resource_title": res_by_name[topic["resource"]]["title"],
                 "cite": s["indicator"]["cite_text"].format(name=ind[f"name_{lang}"], sources=names,
                                                            url=page_url)}))
        for page in pages:
            written.append(write_page(env, page, lang, s, common, docs))
    return {"pages": written, "rows": {k: v["rows"] for k, v in counts.items()}}
