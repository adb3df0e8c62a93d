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
from ..languages import Language
from ..load import Dataset
from ..paths import Paths
from . import charts
from .cite import write_metadata
from .downloads import write_derived, write_downloads
from .pages import environment, load_strings, write_page


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

    def by_topic(self) -> dict[str, list[dict]]:
        inds = self.indicators_sorted
        return {t["id"]: [i for i in inds if i["topic_id"] == t["id"]] for t in self.topic_list}

    def once(self, key, make):
        """A value computed the first time a builder asks for it."""
        if key not in self.extra:
            self.extra[key] = make()
        return self.extra[key]


def render_site(paths: Paths, dataset: Dataset, model: dict, derived: dict, drawing) -> dict:
    """Writes every page and static file; `drawing` (the pipeline's `svg.Drawing`) receives the
    static chart specs and draws them in the background. Returns the pages written and the
    rows per resource."""
    from .builders import BUILDERS

    docs, static = paths.docs, paths.build / STATIC
    for folder in (docs, static):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(paths.site_src / "docs", docs)
    static.mkdir(parents=True)

    strings = load_strings(model["languages"])
    static_specs = {i: charts.static_spec(figs) for i, figs in sorted(derived["by_indicator"].items())}
    static_specs = {i: spec for i, spec in static_specs.items() if spec is not None}
    drawing.submit(static_specs, chart_cards(model, derived, static_specs, strings))

    from ..derive.tables import derived_tables
    flat_fields = next(t.field_names for t in derived_tables() if t.name == "figures")
    counts = write_downloads(paths, dataset, model, static, derived["tables"]["figures"], flat_fields)
    write_metadata(static, model, derived, strings, set(static_specs))
    derived_counts = write_derived(dataset.package, derived["tables"], static)
    (static / "assets" / "vendor").mkdir(parents=True)
    (static / "assets" / "vendor" / "vega-bundle.js").write_text(
        charts.javascript_bundle(paths.cache), encoding="utf-8")

    site = Site(paths, dataset, model, derived, dataset.package["homepage"], strings,
                static, counts, derived_counts, static_specs, env=environment())
    (paths.build / MKDOCS_OPTIONS).write_text(json.dumps(mkdocs_options(site), ensure_ascii=False, indent=1,
                                                         sort_keys=True), encoding="utf-8")
    common = {"indicators": model["indicators"], "topics": model["topics"], "units": model["units"],
              "sources": model["sources"], "topic_list": site.topic_list, "repository": site.config["repository"],
              "languages": site.languages}
    written = []
    for lang in site.languages:
        for build_pages in BUILDERS:
            for page in build_pages(site, lang):
                written.append(write_page(site.env, page, lang, site.strings[lang], common, docs))
    return {"pages": written, "rows": {k: v["rows"] for k, v in counts.items()}}


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
    """What MkDocs needs beyond mkdocs.yml: the site address, and the i18n plugin with one
    entry per language, named and with nav titles and footer from its strings file."""
    default = site.languages[0]
    first = site.strings[default]
    languages = []
    for lang in site.languages:
        s = site.strings[lang]
        languages.append({
            "locale": str(lang), "name": lang.name, "default": lang.default, "build": True,
            "site_name": s["site_name"], "site_description": s["home"]["description"], "copyright": s["footer"],
            "nav_translations": {first["nav"][key]: title for key, title in s["nav"].items()}})
    return {"site_url": site.site_url, "site_name": first["site_name"],
            "site_description": first["home"]["description"], "copyright": first["footer"],
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
