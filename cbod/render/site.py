"""Render the whole site source: hand-written pages, generated pages, charts, downloads.

Writes markdown into paths.docs (MkDocs' docs_dir) and shared static files (charts, data,
vendored JavaScript) into paths.build/static, which publish copies into the site. Nothing
is written into site_src/. Each page type has its own builder (`builders.py`); this module
prepares what they share and runs every builder in every language.
"""
from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..derive.assessment import STATUSES, term_counts
from ..contract import MKDOCS_OPTIONS, STATIC
from ..languages import Language, url
from ..load import Dataset
from ..paths import Paths
from . import charts
from .cite import write_metadata
from .downloads import Workbooks, write_derived, write_downloads
from ..files import scratch, sync_tree, write_if_changed
from ..strings import load_strings
from .pages import PageMemo, environment


@dataclass
class Site:
    """What every page builder may read. Built once per build, shared by all languages."""

    paths: Paths
    dataset: Dataset
    model: dict
    derived: dict
    site_url: str
    strings: dict[str, dict]
    static: Path
    downloads: dict  # per resource: rows, preview, sizes and hashes of its files
    derived_downloads: dict  # the same, per derived table (cbod/derive/tables.py)
    static_specs: dict[str, dict]  # indicator id -> language-free spec of its static chart
    env: object = None
    extra: dict = field(default_factory=dict)  # builders' shared, computed-once values
    memo: object = None  # pages.PageMemo of this render: builders keep side files in it too

    @property
    def languages(self) -> tuple[Language, ...]:
        return self.model["languages"]

    @property
    def config(self) -> dict:
        return self.model["site"]

    @property
    def topic_list(self) -> list[dict]:
        return sorted(self.model["topics"].values(), key=lambda t: t["order"])

    @property
    def indicators_sorted(self) -> list[dict]:
        topics = self.model["topics"]
        return sorted(self.model["indicators"].values(), key=lambda i: (topics[i["topic_id"]]["order"], i["id"]))

    def by_topic(self, lang: Language | None = None) -> dict[str, list[dict]]:
        """Each topic's indicators: by id, or, given a language, in the alphabetical order of
        their names in it (the lists readers see)."""
        inds = self.indicators_sorted
        if lang is not None:
            inds = sorted(inds, key=lambda i: lang.sort_key(i[f"name_{lang}"]))
        return {t["id"]: [i for i in inds if i["topic_id"] == t["id"]] for t in self.topic_list}

    def once(self, key, make):
        """A value computed the first time a builder asks for it."""
        if key not in self.extra:
            self.extra[key] = make()
        return self.extra[key]


def render_site(paths: Paths, dataset: Dataset, model: dict, derived: dict, drawing) -> dict:
    """Writes every page and static file; `drawing` (the pipeline's `svg.Drawing`) receives the
    static chart specs and draws them in the background. Returns the pages written, the rows
    per resource and how many files changed.

    Everything is written into fresh folders (in memory when possible), then only what changed
    moves into build/docs and build/static (cbod/files.py)."""
    scratch_root = scratch("render-", paths.build)
    try:
        memo = PageMemo(paths.cache / "pages.pickle")
        with Workbooks(paths.cache) as workbooks:
            out = _render(paths, dataset, model, derived, drawing, scratch_root / "docs", scratch_root / STATIC, memo,
                          workbooks)
            workbooks.finish()
        out["synced"] = {"docs": sync_tree(scratch_root / "docs", paths.docs),
                         "static": sync_tree(scratch_root / STATIC, paths.build / STATIC, keep=drawing.outputs())}
        memo.save()
    finally:
        shutil.rmtree(scratch_root, ignore_errors=True)
    return out


def _render(paths: Paths, dataset: Dataset, model: dict, derived: dict, drawing, docs: Path, static: Path,
            memo: PageMemo, workbooks: Workbooks) -> dict:
    from .builders import BUILDERS, SHOW_WORKBOOKS

    shutil.copytree(paths.site_src / "docs", docs)
    static.mkdir(parents=True)
    strings = load_strings(model["languages"])
    breaks: dict[str, list[dict]] = {}
    for row in model["catalogues"].get("series-breaks", []):
        breaks.setdefault(row["indicator_id"], []).append(row)
    static_specs = {i: charts.static_spec(figs, sorted(breaks.get(i, []), key=lambda b: b["year"]))
                    for i, figs in sorted(derived["by_indicator"].items())}
    static_specs = {i: spec for i, spec in static_specs.items() if spec is not None}
    drawing.submit(static_specs, chart_cards(model, derived, static_specs, strings))

    from ..derive.tables import derived_tables
    flat_fields = next(t.field_names for t in derived_tables() if t.name == "figures")
    counts = write_downloads(paths, dataset, model, static, derived["tables"]["figures"], flat_fields, workbooks)
    write_metadata(static, model, derived, strings, set(static_specs))
    derived_counts = write_derived(dataset.package, derived["tables"], static, workbooks)

    site = Site(paths, dataset, model, derived, dataset.package["homepage"], strings,
                static, counts, derived_counts, static_specs, env=environment(paths.cache))
    (static / "robots.txt").write_text(robots_txt(site.site_url), encoding="utf-8")
    write_if_changed(paths.build / MKDOCS_OPTIONS,
                     json.dumps(mkdocs_options(site), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
    from .verdicts import STATUS_ICONS  # verdicts builds on Site: imported once both exist
    common = {"indicators": model["indicators"], "topics": model["topics"], "units": model["units"],
              "status_icons": STATUS_ICONS,
              "sources": model["sources"], "topic_list": site.topic_list, "repository": site.config["repository"],
              "languages": site.languages}
    memo.share(site.strings, common)
    site.memo = memo
    written = []
    # The pages that show the workbooks' sizes and hashes come last: the workbooks are made
    # in another process meanwhile (downloads.Workbooks).
    for build_pages in sorted(BUILDERS, key=lambda b: b in SHOW_WORKBOOKS):
        for lang in site.languages:
            for page in build_pages(site, lang):
                written.append(memo.write(site.env, page, lang, site.strings[lang], common, docs))
    return {"pages": written, "reused": memo.reused, "reused_outputs": memo.reused_outputs, "rows": {k: v["rows"] for k, v in counts.items()}}


def mkdocs_nav(entries: list, strings: dict) -> list:
    """site.yml's nav ({key: page} or {key: [entries]}) with the titles of one language."""
    out = []
    for entry in entries:
        ((key, target),) = entry.items()
        out.append({strings["nav"][key]: mkdocs_nav(target, strings) if isinstance(target, list) else target})
    return out
def robots_txt(site_url: str) -> str:
    """Every page may be crawled; the sitemap (with each page's twins) is at the site address."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"


def theme_strings(lang: Language, s: dict) -> dict:
    """What the theme overrides (site_src/overrides) show in a language: the header's search
    box, the not-found page, and the language's URL prefix. Passed as the language's
    `extra.ui`, so the templates name no language and hold no words."""
    return {"code": str(lang), "prefix": lang.prefix, "search": s["search"]["title"],
            "search_url": url(lang, "search/"), "notfound": s["notfound"],
            "links": [{"title": s["nav"][key], "url": url(lang, path)} for key, path in NOTFOUND_LINKS]}


# The pages the not-found page offers, by their nav title.
NOTFOUND_LINKS = (("home", ""), ("topics", "topics/"), ("indicators", "indicators/"), ("scorecard", "targets/"),
                  ("data", "data/"), ("sources", "sources/"))


def licence_short(package: dict) -> str:
    """'CC BY 4.0' from the licence name in datapackage.json ('CC-BY-4.0')."""
    return package["licenses"][0]["name"].replace("-", " ")


def chart_cards(model: dict, derived: dict, static_specs: dict, strings: dict) -> dict:
    """The words of each chart card (cards.py), per indicator and language: the indicator's
    name, its unit, the legend keys of the kinds drawn, the documents the charted figures
    come from, and the site's name, the page's address and the licence."""
    from ..languages import url

    package, units, sources = model["package"], model["units"], model["sources"]
    out: dict[str, dict] = {}
    for ind_id, spec in static_specs.items():
        ind = model["indicators"][ind_id]
        rows, _ = charts.chart_rows(derived["by_indicator"][ind_id])
        kinds = [k for k in charts.KINDS if k in {v["kind"] for v in spec["data"]["values"]}]
        out[ind_id] = {}
        for lang in model["languages"]:
            s = strings[lang]
            address = (package["homepage"] + url(lang, f"indicators/{ind_id}/")).split("://", 1)[-1]
            out[ind_id][lang] = {
                "title": ind[f"name_{lang}"],
                "unit": f"{s['indicator']['unit']}: {units[ind['unit_id']][f'name_{lang}']}",
                "legend": [[charts.LEGEND_ICONS[k], s["kind"][k]] for k in kinds],
                "source": f"{s['indicator']['source_line']} "
                          + "; ".join(sorted({sources[f['source_id']][f'short_{lang}'] for f in rows})),
                "site": s["site_name"], "licence": licence_short(package), "address": address,
                "host": package["homepage"].split("://", 1)[-1].strip("/"),
                "description": s["indicator"]["chart_alt"].format(name=ind[f"name_{lang}"]),
            }
    return out


def mkdocs_options(site: Site) -> dict:
    """What MkDocs needs beyond mkdocs.yml: the site address, the i18n plugin with one entry per
    language (named, with nav titles, footer and the theme's words from its strings file), and
    in `extra` the language table (hreflang links, the not-found pages) and the data's date
    (the sitemap's lastmod)."""
    default = site.languages[0]
    first = site.strings[default]
    languages = []
    for lang in site.languages:
        s = site.strings[lang]
        languages.append({
            "locale": str(lang), "name": lang.name, "default": lang.default, "build": True,
            "site_name": s["site_name"], "site_description": s["home"]["description"], "copyright": s["footer"],
            "nav_translations": {first["nav"][key]: title for key, title in s["nav"].items()},
            "extra": {"ui": theme_strings(lang, s)}})
    table = [{"code": str(lang), "prefix": lang.prefix, "name": lang.name, "site_name": site.strings[lang]["site_name"],
              "notfound": site.strings[lang]["notfound"]["elsewhere"]} for lang in site.languages]
    return {"site_url": site.site_url, "site_name": first["site_name"], "nav": mkdocs_nav(site.config["nav"], first),
            "site_description": first["home"]["description"], "copyright": first["footer"],
            "extra": {"generator": False, "ui": theme_strings(default, first), "languages": table,
                      "data_updated": site.dataset.updated},
            "plugins": [{"i18n": {"docs_structure": "folder", "reconfigure_material": True,
                                  "reconfigure_search": False, "languages": languages}}]}


def home_facts(site: Site) -> dict:
    """What the home page counts and shows (shared by the home and scorecard builders)."""
    from ..derive.series import latest_result

    model, by_indicator = site.model, site.derived["by_indicator"]
    return {"stats": {"figures": len(model["figures"]), "indicators": len(model["indicators"]),
                      "sources": len(model["sources"])},
            "headline": [{"indicator": model["indicators"][i], "figure": latest_result(by_indicator.get(i, []))}
                         for i in site.config["headline"]],
            "updated": site.dataset.updated, "terms": model["terms"],
            "counts": term_counts(site.derived["assessments"], model["terms"]), "statuses": STATUSES}


def figure_counts(site: Site) -> tuple[Counter, Counter]:
    figures = site.model["figures"]
    return Counter(f["indicator_id"] for f in figures), Counter(f["source_id"] for f in figures)
