"""Citations a reader can paste, and the metadata file beside each indicator's CSV.

- a figure: its value, period and kind, the document (title, issuer, date), the section,
  and the address of the figure on its indicator page (with the figure's anchor);
- an indicator: plain text and BibTeX, with the date its figures last changed (git);
- data/by-indicator/<id>.json: names, definition, unit, direction, topic, related
  indicators, sources with locators and dates, licence, citations, last updated and the
  addresses of the CSV and chart files (in the spirit of Our World in Data's .metadata.json).

The words come from the strings files; nothing here names a language.
"""
from __future__ import annotations

import json
import re
from collections import Counter

from ..derive.flat import figure_anchor, figure_url
from ..languages import Language, localized, url
from ..text import section_key
from .. import fmt


def source_date(src: dict, lang: Language) -> str:
    return fmt.date_text(src["date"], lang)


def figure_citation(model: dict, rec: dict, lang: Language, s: dict) -> str:
    """'State budget revenue…, 2021–2025 (total for the period): 13,670 billion VND (Result).
    Source: <document> (<issuer>, <date>), <section>. Cao Bằng Open Data: <url>#<anchor>'"""
    ind, src = model["indicators"][rec["indicator_id"]], model["sources"][rec["source_id"]]
    return s["cite"]["figure"].format(
        name=ind[f"name_{lang}"], period=fmt.period_text(rec, lang, s),
        value=fmt.value_text(rec, model["units"][rec["unit_id"]], lang, s), kind=s["kind"][rec["kind"]],
        document=src[f"title_{lang}"], issuer=src[f"issuer_{lang}"], date=source_date(src, lang),
        locator=localized(rec, "locator", lang), site=s["site_name"], url=figure_url(model, rec, lang))


def _sources(model: dict, figures: list[dict]) -> list[dict]:
    """The documents an indicator's figures come from, newest first (ties by id)."""
    ids = {f["source_id"] for f in figures}
    return sorted((model["sources"][i] for i in ids), key=lambda src: (src["date"], src["id"]), reverse=True)


def indicator_citation(model: dict, ind: dict, figures: list[dict], updated: str, lang: Language, s: dict) -> str:
    package = model["package"]
    return s["cite"]["indicator"].format(
        site=s["site_name"], name=ind[f"name_{lang}"], updated=fmt.date_text(updated, lang),
        version=package.get("version", ""),
        sources="; ".join(f"{src[f'title_{lang}']} ({source_date(src, lang)})" for src in _sources(model, figures)),
        url=package["homepage"] + url(lang, f"indicators/{ind['id']}/"), licence=package["licenses"][0]["title"])


_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


def bibtex_text(text: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters escaped (Unicode letters stay,
    as biber reads UTF-8)."""
    return _BIBTEX_SPECIAL.sub(lambda m: {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}",
                                          "^": r"\textasciicircum{}"}.get(m.group(1), "\\" + m.group(1)), text)


def bibtex(model: dict, ind: dict, figures: list[dict], updated: str, lang: Language, s: dict) -> str:
    """A @misc entry (BibLaTeX reads urldate; plain BibTeX ignores what it does not know)."""
    package = model["package"]
    authors = " and ".join("{" + bibtex_text(c.get("title", "")) + "}" for c in package.get("contributors", []))
    fields = [
        ("author", authors),
        ("title", "{" + bibtex_text(ind[f"name_{lang}"]) + "}"),
        ("howpublished", bibtex_text(s["cite"]["bibtex_published"].format(site=s["site_name"],
                                                                            version=package.get("version", "")))),
        ("year", updated[:4]),
        ("url", package["homepage"] + url(lang, f"indicators/{ind['id']}/")),
        ("urldate", updated),
        ("note", bibtex_text(s["cite"]["bibtex_note"].format(
            sources="; ".join(src[f"short_{lang}"] for src in _sources(model, figures)),
            licence=package["licenses"][0]["title"]))),
    ]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
    return f"@misc{{{package['name']}-{ind['id']}-{lang},\n{body}\n}}\n"


def related_indicators(model: dict) -> dict[str, list[str]]:
    """Indicator id -> the ids of related indicators: those the catalogue's `related` column
    names (both ways), and the other parts of its share group (a structure that adds up to
    100 %). A catalogue without the `related` column gets, instead, the indicators of the same
    topic whose id holds its id or is held in it, word for word ('thu-ngan-sach' and
    'tang-thu-ngan-sach')."""
    inds = model["indicators"]
    curated = any("related" in ind for ind in inds.values())
    out: dict[str, set] = {i: set() for i in inds}
    groups: dict[tuple, list[str]] = {}  # only indicators of one group or topic can be related
    for a in inds.values():
        for other in filter(None, (a.get("related") or "").split(";")):
            if other in out:
                out[a["id"]].add(other)
                out[other].add(a["id"])
        if a.get("share_group"):
            groups.setdefault(("share", a["share_group"]), []).append(a["id"])
        if not curated:
            groups.setdefault(("topic", a["topic_id"]), []).append(a["id"])
    for (kind, _), members in groups.items():
        for a in members:
            for b in members:
                nested = f"-{a}-" in f"-{b}-" or f"-{b}-" in f"-{a}-"
                if a != b and (kind == "share" or nested):
                    out[a].add(b)
    return {k: sorted(v) for k, v in out.items()}


def chart_files(ind_id: str, lang: Language) -> dict[str, str]:
    """Site paths of an indicator's chart card files in a language (svg.Drawing writes them)."""
    from .cards import FOLDER
    return {"svg": f"{FOLDER}/{ind_id}.{lang}.svg", "png": f"{FOLDER}/{ind_id}.{lang}.png"}


def indicator_metadata(model: dict, ind: dict, figures: list[dict], updated: str, strings: dict,
                       charted: bool, related: list[str]) -> dict:
    """The content of data/by-indicator/<id>.json (every text in every language)."""
    package, langs = model["package"], model["languages"]
    home = package["homepage"]
    both = lambda rec, key: {str(lang): localized(rec, key, lang) for lang in langs}  # noqa: E731
    unit, topic = model["units"][ind["unit_id"]], model["topics"][ind["topic_id"]]
    sources = []
    for src in _sources(model, figures):
        figs = [f for f in figures if f["source_id"] == src["id"]]
        locators = sorted({f["locator"]: f for f in figs}.values(), key=lambda f: section_key(f["locator"]))
        sources.append({
            "id": src["id"], "title": both(src, "title"), "short": both(src, "short"), "issuer": both(src, "issuer"),
            "number": src.get("doc_number"), "date": src["date"],
            "date_text": {str(lang): source_date(src, lang) for lang in langs},
            "page": {str(lang): home + url(lang, f"sources/{src['id']}/") for lang in langs},
            "figures": len(figs),
            "locators": [both(f, "locator") for f in locators]})
    periods = [f["period_start"] for f in figures] + [f["period_end"] for f in figures]
    files = {"csv": home + f"data/by-indicator/{ind['id']}.csv",
             "metadata": home + f"data/by-indicator/{ind['id']}.json",
             "page": {str(lang): home + url(lang, f"indicators/{ind['id']}/") for lang in langs}}
    if charted:
        files.update({kind: {str(lang): home + chart_files(ind["id"], lang)[kind] for lang in langs}
                      for kind in ("svg", "png")})
        files["embed"] = {str(lang): home + f"embed/{ind['id']}.{lang}.html" for lang in langs}
        files["chart_spec"] = {str(lang): home + f"charts/{ind['id']}.{lang}.vl.json" for lang in langs}
    licence = package["licenses"][0]
    kinds = Counter(f["kind"] for f in figures)
    return {
        "id": ind["id"],
        "name": both(ind, "name"),
        "description": both(ind, "description"),
        "unit": {"id": unit["id"], **both(unit, "name")},
        "direction": ind["direction"],
        "direction_text": {str(lang): strings[lang]["direction"][ind["direction"]] for lang in langs},
        "topic": {"id": topic["id"], **both(topic, "name")},
        "related": [{"id": r, "name": both(model["indicators"][r], "name"),
                     "page": {str(lang): home + url(lang, f"indicators/{r}/") for lang in langs}} for r in related],
        "figures": len(figures),
        "kinds": {k: kinds[k] for k in sorted(kinds)},
        "years": [min(periods), max(periods)] if periods else None,
        "figure_ids": [figure_anchor(f, model["figure_key"]) for f in figures],
        "sources": sources,
        "licence": {"name": licence.get("name"), "title": licence.get("title"), "url": licence.get("path")},
        "citation": {str(lang): indicator_citation(model, ind, figures, updated, lang, strings[lang]) for lang in langs},
        "bibtex": {str(lang): bibtex(model, ind, figures, updated, lang, strings[lang]) for lang in langs},
        "last_updated": updated,
        "version": package.get("version"),
        "files": files,
    }


def write_metadata(out_dir, model: dict, derived: dict, strings: dict, charted: set[str]) -> None:
    """data/by-indicator/<id>.json for every indicator (deterministic: sorted keys, fixed order)."""
    related = related_indicators(model)
    folder = out_dir / "data" / "by-indicator"
    folder.mkdir(parents=True, exist_ok=True)
    for ind_id, ind in sorted(model["indicators"].items()):
        figures = derived["by_indicator"].get(ind_id, [])
        meta = indicator_metadata(model, ind, figures, derived["updated"].get(ind_id, model["updated"]), strings,
                                  ind_id in charted, related[ind_id])
        # one line (a browser shows it indented): indented JSON is written ~20 times slower
        (folder / f"{ind_id}.json").write_text(json.dumps(meta, ensure_ascii=False, sort_keys=False) + "\n",
                                               encoding="utf-8")
