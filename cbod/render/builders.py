"""Page builders: one function per page type, registered with `@builder` (like the domain
rules of validation). Each takes the shared `Site` and a language and yields `Page`s; the
render stage runs every builder in every language, in the order they are registered."""
from __future__ import annotations

import json
from typing import Callable, Iterable, Iterator

from markupsafe import Markup

from ..derive.assessment import STATUSES, term_counts
from ..derive.flat import figure_anchor
from ..derive.series import latest_result
from ..languages import Language, localized, url
from ..text import section_key
from .. import fmt
from . import charts, cite, svg
from .pages import Page, svg_size
from .site import Site, figure_counts, home_facts
from .verdicts import break_positions, breaks_of, related_ids, summary_targets, term_views

Builder = Callable[[Site, Language], Iterable[Page]]
BUILDERS: list[Builder] = []


def builder(fn: Builder) -> Builder:
    BUILDERS.append(fn)
    return fn


# --- shared pieces ---------------------------------------------------------------------

def json_ld(obj: dict) -> str:
    """JSON for a <script> element: '<', '>' and '&' escaped so data cannot close the element.
    On one line: nobody reads it in the page source, and Python writes indented JSON about
    twenty times slower (its C encoder does not indent)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def original_columns(schemas: list[dict], langs: tuple[Language, ...]) -> frozenset[str]:
    """Columns that hold the documents' own words: a column `x` that has a translation
    `x_<code>` next to it in some schema (locator and locator_en)."""
    codes = [str(lang) for lang in langs]
    out = set()
    for schema in schemas:
        names = {f["name"] for f in schema["fields"]}
        out |= {n for n in names if any(f"{n}_{code}" in names for code in codes)}
    return frozenset(out)


def column_languages(header: list[str], langs: tuple[Language, ...], originals: frozenset[str]) -> list:
    """The language of each column's text: `x_<code>` is in that language; a column of the
    documents' words (`locator`, or `target_locator` in a derived table) in the default
    language; other columns (ids, numbers, codes, names) in none."""
    by_code = {str(lang): lang for lang in langs}
    out = []
    for name in header:
        base, _, code = name.rpartition("_")
        if base and code in by_code:
            out.append(by_code[code])
        elif any(name == o or name.endswith("_" + o) for o in originals):
            out.append(langs[0])
        else:
            out.append(None)
    return out


def resource_view(resource: dict, schema: dict, info: dict, lang: Language, column_langs: list,
                  folder: str = "data/") -> dict:
    """A dataset as its page and the data page show it, in one language."""
    fields = []
    for f in schema["fields"]:
        c = dict(f.get("constraints", {}))
        required = c.pop("required", False)
        fields.append({"name": f["name"], "type": f.get("type", "string"), "required": required,
                       "description": localized(f, "description", lang) or "",
                       "constraints": ", ".join(f"{k}: {v}" for k, v in sorted(c.items()))})
    keys = schema.get("primaryKey", [])
    return {"name": resource["name"], "folder": folder, "column_langs": column_langs,
            "title": localized(resource, "title", lang) or resource["name"],
            "description": localized(resource, "description", lang) or "",
            "rows": info["rows"], "fields": fields, "files": info["files"], "header": info["header"],
            "preview": info["preview"], "primary_key": keys if isinstance(keys, list) else [keys],
            "copies": info.get("copies", []),
            "foreign_keys": schema.get("foreignKeys", [])}


def _column_langs(site: Site, info: dict) -> list:
    from ..derive.tables import derived_tables
    originals = site.once("original-columns", lambda: original_columns(
        [t.schema for t in site.dataset.tables.values()] + [t.schema for t in derived_tables()], site.languages))
    return column_languages(info["header"], site.languages, originals)


def resource_views(site: Site, lang: Language) -> list[dict]:
    tables = site.dataset.tables
    return site.once(("resources", lang), lambda: [
        resource_view(r, tables[r["name"]].schema, site.downloads[r["name"]], lang,
                      _column_langs(site, site.downloads[r["name"]]))
        for r in site.dataset.package["resources"]])


def derived_views(site: Site, lang: Language) -> list[dict]:
    """The derived tables (scorecard, conflicts…), shown like datasets, files under data/derived/."""
    from ..derive.tables import derived_tables
    return site.once(("derived", lang), lambda: [
        resource_view(dict(t.meta, name=t.name), t.schema, site.derived_downloads[t.name], lang,
                      _column_langs(site, site.derived_downloads[t.name]), "data/derived/")
        for t in derived_tables()])


def write_spec(site: Site, name: str, spec: dict, lang: Language) -> str:
    path = f"charts/{name}.{lang}.vl.json"
    (site.static / "charts").mkdir(exist_ok=True)
    (site.static / path).write_text(json.dumps(spec, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return path


def chart_view(ind: dict, static_spec: dict, lang: Language, units: dict) -> dict:
    """What a page shows of an indicator's static chart: the SVG (being drawn by
    `svg.Drawing`), its fixed size, the unit and a legend of the kinds it draws."""
    kinds = {v["kind"] for v in static_spec["data"]["values"]}
    card = cite.chart_files(ind["id"], lang)
    return {"svg": f"charts/{ind['id']}.{lang}.svg", "width": charts.STATIC_WIDTH, "height": charts.STATIC_HEIGHT,
            "legend": [(k, Markup(charts.LEGEND_ICONS[k])) for k in charts.KINDS if k in kinds],
            "breaks": sorted(v["year"] for v in static_spec["data"]["values"] if v.get("brk")),
            "break_icon": Markup(charts.BREAK_ICON), "unit": units[ind["unit_id"]][f"name_{lang}"],
            "card_svg": card["svg"], "card_png": card["png"]}


def share_image(site: Site, ind: dict, lang: Language) -> dict:
    """The front matter of a page shared with an indicator's chart card as its preview."""
    if ind["id"] not in site.static_specs:
        return {}
    return {"og_image": site.site_url + cite.chart_files(ind["id"], lang)["png"],
            "og_image_alt": site.strings[lang]["indicator"]["chart_alt"].format(name=ind[f"name_{lang}"])}


def main_series(site: Site, indicators: list[dict], lang: Language) -> list[dict]:
    """A topic's main series: the indicators whose charts hold the most points (ties by id)."""
    scored = []
    for ind in indicators:
        spec = site.static_specs.get(ind["id"])
        if spec is not None:
            scored.append((-len(spec["data"]["values"]), ind["id"], ind))
    return [{"indicator": ind, "chart": chart_view(ind, site.static_specs[ind["id"]], lang, site.model["units"])}
            for _, _, ind in sorted(scored)[:site.config["main_series"]]]


def scorecard_chart(site: Site, lang: Language) -> dict:
    """The targets-by-status chart (its words are its data, so it is drawn per language, now)."""
    def make():
        s, terms = site.strings[lang], site.model["terms"]
        counts = term_counts(site.derived["assessments"], terms)
        rows = [{"term": t[f"name_{lang}"], "status": st, "count": counts[t["id"]][st]}
                for t in terms for st in STATUSES if counts[t["id"]][st]]
        spec = charts.scorecard_spec(rows, lang, s)
        spec_path = write_spec(site, "scorecard", spec, lang)
        drawn = svg.draw(spec, lang, site.paths.cache)
        svg_path = f"charts/scorecard.{lang}.svg"
        (site.static / svg_path).write_text(drawn, encoding="utf-8")
        width, height = svg_size(drawn)
        return {"spec": spec_path, "svg": svg_path, "width": width, "height": height}
    return site.once(("scorecard-chart", lang), make)


def sources_named(site: Site, figures: list[dict], lang: Language) -> str:
    sources = site.model["sources"]
    return ", ".join(sorted({sources[f["source_id"]][f"short_{lang}"] for f in figures}, key=lang.sort_key))


# --- one builder per page type ---------------------------------------------------------

@builder
def home_page(site: Site, lang: Language) -> Iterator[Page]:
    s = site.strings[lang]
    yield Page("index.md", "home.j2", s["home"]["title"], s["home"]["description"],
               dict(home_facts(site), chart=scorecard_chart(site, lang)))


@builder
def index_pages(site: Site, lang: Language) -> Iterator[Page]:
    """The lists: topics, indicators, sources, data, conflicts, search."""
    s, model = site.strings[lang], site.model
    _, src_counts = figure_counts(site)
    yield Page("topics/index.md", "topics.j2", s["nav"]["topics"], s["home"]["description"], {})
    yield Page("indicators/index.md", "indicators.j2", s["nav"]["indicators"], s["home"]["description"],
               {"by_topic": site.by_topic(lang)})
    yield Page("sources/index.md", "sources.j2", s["sources"]["title"], s["sources"]["description"],
               {"source_list": sorted(model["sources"].values(), key=lambda x: x["date"], reverse=True),
                "counts": src_counts})
    yield Page("data/index.md", "data.j2", s["data"]["title"], s["data"]["description"],
               {"resources": resource_views(site, lang), "derived": derived_views(site, lang),
                "json_ld": json_ld(catalog_ld(site, lang))})
    yield Page("conflicts.md", "conflicts.j2", s["conflicts"]["title"], s["conflicts"]["description"],
               {"conflicts": site.derived["conflicts"], "agreements": site.derived["agreements"]})
    yield Page("search.md", "search.j2", s["search"]["title"], s["search"]["description"], {})


@builder
def province_pages(site: Site, lang: Language) -> Iterator[Page]:
    """Programmes and plans; the province profile."""
    s, model, by_indicator = site.strings[lang], site.model, site.derived["by_indicator"]
    yield Page("programmes.md", "programmes.j2", s["programmes"]["title"], s["programmes"]["description"],
               {"programmes": sorted(model["catalogues"].get("programmes", []),
                                     key=lambda p: (p["doc_type"] != "action_programme", p["number"]))})
    profile = site.by_topic(lang).get(site.config["profile_topic"], [])
    yield Page("profile.md", "profile.j2", s["profile"]["title"], s["profile"]["description"],
               {"profile_figures": [f for i in profile for f in by_indicator.get(i["id"], [])],
                "gates": model["catalogues"].get("border-gates", []),
                "timeline": sorted(model["catalogues"].get("timeline", []), key=lambda e: e["date"])})


@builder
def targets_page(site: Site, lang: Language) -> Iterator[Page]:
    """The targets page: a summary per term (terms.csv gives them and their order), then one
    page per term with its targets grouped by topic. Both render the scorecard table's rows."""
    s = site.strings[lang]
    views = term_views(site)
    yield Page("targets.md", "scorecard.j2", s["scorecard"]["title"], s["scorecard"]["description"],
               {"term_views": views, "statuses": STATUSES, "chart": scorecard_chart(site, lang)})
    for view in views:
        name = view["term"][f"name_{lang}"]
        yield Page(f"targets/{view['term']['id']}.md", "term.j2", f"{s['scorecard']['title']}: {name}",
                   s["scorecard"]["term_description"].format(term=name), {"v": view, "statuses": STATUSES})


def temporal_coverage(rows: list[dict]) -> str | None:
    """'1991/2030': the first and last year a table's rows speak of (its period columns, or
    the year of its dates), or None for a table without time."""
    keys = {key for row in rows for key in row}
    periods = [k for k in keys if not k.startswith("_") and k.endswith(("period_start", "period_end"))]
    years = [int(row[k]) for row in rows for k in periods if row.get(k) is not None]
    if "date" in keys:
        years += [int(str(row["date"])[:4]) for row in rows
                  if row.get("date") is not None and str(row["date"])[:4].isdigit()]
    return f"{min(years)}/{max(years)}" if years else None


def table_rows(site: Site, name: str, derived: bool) -> list[dict]:
    model = site.model
    if derived:
        return site.derived["tables"][name]
    if name in model["figure_resources"]:
        return [f for f in model["figures"] if f["_resource"] == name]
    return model["catalogues"].get(name, [])


def variables(site: Site, r: dict, rows: list[dict], lang: Language) -> list[dict]:
    """What a table measures: its indicators (name, unit, page) when its rows are figures of
    indicators; otherwise its columns."""
    model = site.model
    ids = sorted({row["indicator_id"] for row in rows if row.get("indicator_id")})
    if ids:
        return [{"@type": "PropertyValue", "name": model["indicators"][i][f"name_{lang}"], "propertyID": i,
                 "unitText": model["units"][model["indicators"][i]["unit_id"]][f"name_{lang}"],
                 "url": site.site_url + url(lang, f"indicators/{i}/")} for i in ids]
    return [{"@type": "PropertyValue", "name": f["name"], "description": f["description"]} for f in r["fields"]]


def catalog_ref(site: Site, lang: Language) -> dict:
    s = site.strings[lang]
    return {"@type": "DataCatalog", "name": s["site_name"], "url": site.site_url + url(lang, "data/")}


def creator(site: Site, lang: Language) -> dict:
    return {"@type": "Organization", "name": site.strings[lang]["site_name"], "url": site.site_url + url(lang)}


def dataset_ld(site: Site, r: dict, lang: Language) -> dict:
    """schema.org Dataset of a dataset page, with the properties Google's Dataset guidance
    recommends (tests/test_kit.py counts them)."""
    s, package, model = site.strings[lang], site.dataset.package, site.model
    derived = r["folder"] != "data/"
    resource = next((res for res in package["resources"] if res["name"] == r["name"]), None)
    rows = table_rows(site, r["name"], derived)
    page = site.site_url + url(lang, f"{r['folder']}{r['name']}/")
    twins = {other: site.site_url + url(other, f"{r['folder']}{r['name']}/") for other in site.languages if other != lang}
    names = derived_views if derived else resource_views
    alternate = [v["title"] for other in twins for v in names(site, other) if v["name"] == r["name"]]
    kind = "derived" if derived else ("figures" if r["name"] in model["figure_resources"] else "catalogue")
    csv_url = site.site_url + f"{r['folder']}{r['name']}.csv"
    identifier = f"{package['name']}{'-derived' if derived else ''}/{r['name']}"
    ld = {"@context": "https://schema.org", "@type": "Dataset", "@id": page, "name": r["title"],
          "alternateName": alternate, "description": r["description"], "url": page,
          "sameAs": (f"https://github.com/{site.config['repository']}/blob/main/{resource['path']}"
                     if resource else csv_url),
          "identifier": identifier, "version": package.get("version", ""),
          "inLanguage": str(lang), "license": package["licenses"][0]["path"], "isAccessibleForFree": True,
          "keywords": package.get("keywords", []),
          "spatialCoverage": {"@type": "Place", "name": "Cao Bằng, Việt Nam"},
          "creator": creator(site, lang), "dateModified": site.dataset.updated,
          "includedInDataCatalog": catalog_ref(site, lang),
          "isPartOf": {"@type": "Dataset", "name": s["site_name"], "identifier": package["name"],
                       "url": site.site_url + url(lang, "data/")},
          "variableMeasured": variables(site, r, rows, lang),
          "measurementTechnique": s["data"][f"technique_{kind}"],
          "citation": s["data"]["cite"].format(site=s["site_name"], title=r["title"], version=package.get("version", ""),
                                              url=page, licence=package["licenses"][0]["title"]),
          "distribution": [{"@type": "DataDownload", "encodingFormat": fmt_type,
                            "contentUrl": site.site_url + f"{r['folder']}{r['name']}.{ext}"}
                           for ext, fmt_type in (("csv", "text/csv"), ("json", "application/json"),
                                                 ("xlsx", "application/vnd.openxmlformats-officedocument."
                                                          "spreadsheetml.sheet"))]}
    coverage = site.once(("coverage", r["folder"], r["name"]), lambda: temporal_coverage(rows))
    if coverage:
        ld["temporalCoverage"] = coverage
    if kind == "figures":
        ids = sorted({row["source_id"] for row in rows})
        ld["isBasedOn"] = [{"@type": "CreativeWork", "name": model["sources"][i][f"title_{lang}"],
                            "datePublished": model["sources"][i]["date"],
                            "author": {"@type": "Organization", "name": model["sources"][i][f"issuer_{lang}"]},
                            "url": site.site_url + url(lang, f"sources/{i}/")} for i in ids]
    elif kind == "derived":
        ld["isBasedOn"] = [{"@type": "Dataset", "name": v["title"], "url": site.site_url + url(lang, f"data/{v['name']}/")}
                           for v in resource_views(site, lang) if v["name"] in model["figure_resources"]]
    # language twins: the default language's page is the original, the others its translations
    if lang.default:
        ld["workTranslation"] = [{"@id": twin} for twin in twins.values()]
    else:
        ld["translationOfWork"] = {"@id": next(t for other, t in twins.items() if other.default)}
    return ld


def catalog_ld(site: Site, lang: Language) -> dict:
    """schema.org DataCatalog of the data page: every dataset, described."""
    s, package = site.strings[lang], site.dataset.package
    datasets = [{"@type": "Dataset", "@id": site.site_url + url(lang, f"{r['folder']}{r['name']}/"),
                 "name": r["title"], "description": r["description"],
                 "url": site.site_url + url(lang, f"{r['folder']}{r['name']}/"),
                 "license": package["licenses"][0]["path"], "creator": creator(site, lang)}
                for r in resource_views(site, lang) + derived_views(site, lang)]
    return dict(catalog_ref(site, lang), **{"@context": "https://schema.org", "description": s["data"]["catalog"],
                                           "inLanguage": str(lang), "license": package["licenses"][0]["path"],
                                           "keywords": package.get("keywords", []), "creator": creator(site, lang),
                                           "dataset": datasets})


@builder
def dataset_pages(site: Site, lang: Language) -> Iterator[Page]:
    for r in resource_views(site, lang) + derived_views(site, lang):
        # the address a journalist cites and a script fetches: absolute, the same in every language
        stable_url = site.site_url + f"{r['folder']}{r['name']}.csv"
        yield Page(f"{r['folder']}{r['name']}.md", "dataset.j2", r["title"], r["description"],
                   {"r": r, "stable_url": stable_url, "json_ld": json_ld(dataset_ld(site, r, lang))})


# The builders whose pages show the sizes and hashes of the XLSX files (made meanwhile in
# another process, downloads.Workbooks): the render runs them last.
SHOW_WORKBOOKS = (index_pages, dataset_pages)


@builder
def topic_pages(site: Site, lang: Language) -> Iterator[Page]:
    fig_counts, _ = figure_counts(site)
    by_topic = site.by_topic(lang)
    for t in site.topic_list:
        series = main_series(site, by_topic[t["id"]], lang)
        yield Page(f"topics/{t['id']}.md", "topic.j2", t[f"name_{lang}"], t[f"description_{lang}"],
                   {"topic": t, "topic_indicators": by_topic[t["id"]], "counts": fig_counts, "main_series": series},
                   meta=share_image(site, series[0]["indicator"], lang) if series else {})


def sections(figures: list[dict], lang: Language) -> list[dict]:
    """A document's figures grouped by section (locator), in the order of the document's
    numbering, each named in the page's language (`locator_<code>`, else the document's)."""
    groups: dict[str, list[dict]] = {}
    for f in figures:
        groups.setdefault(f["locator"], []).append(f)
    return [{"name": localized(figs[0], "locator", lang), "figures": figs}
            for locator, figs in sorted(groups.items(), key=lambda item: section_key(item[0]))]


@builder
def source_pages(site: Site, lang: Language) -> Iterator[Page]:
    for src in site.model["sources"].values():
        figs = [dict(f, anchor=figure_anchor(f, site.model["figure_key"]))
                for f in site.model["figures"] if f["source_id"] == src["id"]]
        yield Page(f"sources/{src['id']}.md", "source.j2", src[f"short_{lang}"], src[f"covers_{lang}"],
                   {"src": src, "figures": figs, "sections": sections(figs, lang),
                    "date": fmt.date_text(src["date"], lang)})


@builder
def indicator_pages(site: Site, lang: Language) -> Iterator[Page]:
    s, model = site.strings[lang], site.model
    by_indicator = site.derived["by_indicator"]
    conflicts: dict[str, list] = {}
    for c in site.derived["conflicts"]:
        conflicts.setdefault(c["indicator_id"], []).append(c)
    agreements: dict[str, list] = {}
    for c in site.derived["agreements"]:
        agreements.setdefault(c["indicator_id"], []).append(c)
    related, breaks = related_ids(site), breaks_of(site)
    titles = {r["name"]: r["title"] for r in resource_views(site, lang)}
    embed_template = site.env.get_template("embed.html.j2")
    for ind in site.indicators_sorted:
        figs = by_indicator.get(ind["id"], [])
        topic = model["topics"][ind["topic_id"]]
        page_url = site.site_url + url(lang, f"indicators/{ind['id']}/")
        chart = None
        spec = charts.build_spec(ind, figs, lang, s, model, breaks.get(ind["id"], []))
        if spec is not None:
            chart = dict(chart_view(ind, site.static_specs[ind["id"]], lang, model["units"]),
                         spec=write_spec(site, ind["id"], spec, lang))
            embed = f"embed/{ind['id']}.{lang}.html"
            (site.static / "embed").mkdir(exist_ok=True)
            values = {"lang": lang, "ind": ind, "chart": chart, "name": ind[f"name_{lang}"], "page_url": page_url,
                      "sources": sources_named(site, figs, lang)}
            (site.static / embed).write_bytes(site.memo.output(
                (str(lang), "embed.html.j2", values),
                lambda: embed_template.render(s=s, **values).encode("utf-8")))
            chart["embed"] = embed
            chart["embed_url"] = site.site_url + embed
        _, excluded = charts.chart_rows(figs)
        updated = site.derived["updated"].get(ind["id"], model["updated"])
        cited = [dict(f, anchor=figure_anchor(f, model["figure_key"]),
                      citation=cite.figure_citation(model, f, lang, s)) for f in figs]
        yield Page(f"indicators/{ind['id']}.md", "indicator.j2", ind[f"name_{lang}"], ind[f"description_{lang}"],
                   {"ind": ind, "topic": topic, "figures": cited, "chart": chart, "excluded": excluded,
                    "latest": latest_result(figs),
                    "conflicts": conflicts.get(ind["id"], []), "agreements": agreements.get(ind["id"], []),
                    "summary": {"latest": latest_result(figs), "targets": summary_targets(site, ind["id"]),
                                "related": [model["indicators"][i] for i in related.get(ind["id"], [])],
                                "breaks": breaks.get(ind["id"], [])},
                    "breaks": breaks.get(ind["id"], []),
                    "break_rows": break_positions(figs, breaks.get(ind["id"], [])),
                    "resource_title": titles[topic["resource"]],
                    "cite": cite.indicator_citation(model, ind, figs, updated, lang, s),
                    "bibtex": cite.bibtex(model, ind, figs, updated, lang, s),
                    "updated": fmt.date_text(updated, lang), "updated_iso": updated},
                   meta=share_image(site, ind, lang))
