"""Assertions on a full build of the real data (built once per session)."""
from __future__ import annotations

import functools
import json
import posixpath
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import lxml.html
import openpyxl
import pytest

import altair

from cbod.load import load
from cbod.model import build_model
from helpers import read_rows

LANG_PREFIX = {"vi": "", "en": "en/"}


class Links:
    """The `lang` of a page's <html>, and every href and src in it: (tag, value, attributes)."""

    def __init__(self, text: bytes):
        doc = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(encoding="utf-8"))
        self.lang = doc.get("lang")
        self.refs: list[tuple[str, str, dict]] = [
            (el.tag, el.get(key), dict(el.attrib)) for el in doc.iter() if isinstance(el.tag, str)
            for key in ("href", "src") if el.get(key) is not None]


@functools.lru_cache(maxsize=None)
def parse(file: Path) -> Links:
    """The links of a page, parsed once per run (three tests walk every page; treat as read-only).
    lxml's parser (libxml2), not html.parser: the same links of 1,100 pages in a third of the time."""
    return Links(file.read_bytes())


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def model(built):
    return build_model(load(built))


def test_home_pages_in_both_languages(built):
    assert parse(built.site / "index.html").lang == "vi"
    assert parse(built.site / "en" / "index.html").lang == "en"


def test_every_indicator_topic_source_and_dataset_has_a_page_in_both_languages(built, model):
    expected = ([f"indicators/{i}/" for i in model["indicators"]]
                + [f"topics/{t}/" for t in model["topics"]]
                + [f"sources/{s}/" for s in model["sources"]]
                + [f"data/{r['name']}/" for r in model["package"]["resources"]]
                + ["", "topics/", "indicators/", "sources/", "data/", "conflicts/", "methodology/", "targets/",
                   "search/", "programmes/", "profile/", "glossary/", "about/", "changelog/"])
    missing = [LANG_PREFIX[lang] + page for lang in LANG_PREFIX for page in expected
               if not (built.site / (LANG_PREFIX[lang] + page) / "index.html").is_file()]
    assert not missing


def test_every_indicator_page_cites_every_source_it_uses(built, model):
    for ind_id in model["indicators"]:
        html = (built.site / "indicators" / ind_id / "index.html").read_text(encoding="utf-8")
        for f in model["figures"]:
            if f["indicator_id"] == ind_id:
                assert f"/sources/{f['source_id']}/" in html.replace("../", "/")


def test_every_internal_link_and_download_resolves(built):
    """Every href and src inside the site names one of its files (a folder: its index.html).
    The site has no symbolic links, so a path is resolved by its text alone."""
    files = {p.relative_to(built.site).as_posix() for p in built.site.rglob("*") if p.is_file()}
    broken = []
    for file in html_files(built.site):
        page_dir = file.parent.relative_to(built.site).as_posix()
        for tag, ref, _ in parse(file).refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith(("#", "mailto:", "data:")):
                continue
            path = unquote(parts.path)
            if not path:
                continue
            # root-absolute links (Material's 404 page) resolve against site_url's path, "/"
            target = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(page_dir, path))
            target = "" if target == "." else target  # the site's root
            if target not in files and posixpath.join(target, "index.html") not in files:
                broken.append(f"{file.relative_to(built.site)} -> {ref}")
    assert not broken, "\n".join(broken[:30])


# hosts of scripts and web fonts: naming one at all is a request waiting to happen
CDN = re.compile(r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs\.|use\.typekit|fonts\.bunny")
RESOURCE_TAGS = {"script", "img", "iframe", "source", "video", "audio", "embed", "object"}


def test_no_external_resources_in_html_css_js(built):
    offenders = []
    for file in html_files(built.site):
        for tag, ref, attrs in parse(file).refs:
            external = urlsplit(ref).scheme in ("http", "https") or ref.startswith("//")
            loads = tag in RESOURCE_TAGS or (tag == "link" and attrs.get("rel") not in ("alternate", "canonical"))
            if external and loads:
                offenders.append(f"{file.relative_to(built.site)}: <{tag}> {ref}")
    for css in built.site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if url.startswith(("http:", "https:", "//")):
                offenders.append(f"{css.relative_to(built.site)}: url({url})")
    for file in list(built.site.rglob("*.js")) + list(built.site.rglob("*.html")) + list(built.site.rglob("*.css")):
        text = file.read_text(encoding="utf-8", errors="replace")
        if CDN.search(text):
            offenders.append(f"{file.relative_to(built.site)}: names a CDN or font host")
    assert not offenders, "\n".join(offenders[:30])


def vega_lite_schema() -> dict:
    path = next(Path(altair.__file__).parent.glob("vegalite/v*/schema/vega-lite-schema.json"))
    return json.loads(path.read_text(encoding="utf-8"))


def test_chart_specs_are_valid_vega_lite_with_inline_data(built, model):
    schema = vega_lite_schema()
    validator = jsonschema.Draft7Validator(schema)
    short_names = {s[f"short_{lang}"] for s in model["sources"].values() for lang in ("vi", "en")}
    specs = sorted((built.site / "charts").glob("*.vl.json"))
    assert specs, "no chart was written"
    validated = set()
    for spec_file in specs:
        spec = json.loads(spec_file.read_text(encoding="utf-8"))
        # Vega-Lite's schema types inline data rows as any objects: specs that differ only in
        # their rows and texts are one shape, validated once (the schema is slow to apply).
        shape = json.dumps(dict(spec, data=None, title=None, description=None), sort_keys=True)
        if shape not in validated:
            errors = list(validator.iter_errors(spec))
            assert not errors, f"{spec_file.name}: {errors[0].message}"
            validated.add(shape)
        # data is inline (no URL to fetch) and every datum names an existing source
        values = spec["data"]["values"]
        assert values and '"url"' not in json.dumps(spec["data"])
        # every layer draws the top-level data (no placeholder datasets of its own)
        assert "datasets" not in spec and all("data" not in layer for layer in spec.get("layer", []))
        if not spec_file.name.startswith("scorecard."):
            assert {v["source"] for v in values} <= short_names
        svg = spec_file.with_name(spec_file.name.replace(".vl.json", ".svg")).read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg")
        # the static chart really draws its figures: one mark per datum (a point or a period
        # segment, or a bar on the scorecard), and a range ("75 - 80") draws its vertical bar too
        marks = re.findall(r'<g class="mark-(?:symbol|rule|rect) role-mark[^"]*"[^>]*[^/]>(.*?)</g>', svg, re.S)
        drawn = sum(m.count("<path") + m.count("<line") for m in marks)
        expected = len(values) + sum(1 for v in values if v.get("y2") is not None)
        assert drawn == expected, f"{spec_file.name}: {drawn} marks for {len(values)} values"


def test_vietnamese_numbers_on_vietnamese_pages(built):
    """budget.csv row 3: state budget revenue 2021-2025, 13670 billion VND."""
    vi = (built.site / "indicators" / "thu-ngan-sach" / "index.html").read_text(encoding="utf-8")
    en = (built.site / "en" / "indicators" / "thu-ngan-sach" / "index.html").read_text(encoding="utf-8")
    assert "13.670" in vi and "13,670" not in vi
    assert "13,670" in en and "13.670" not in en


def test_downloads_match_the_data(built, model):
    import csv
    for resource in model["package"]["resources"]:
        name = resource["name"]
        published = (built.site / "data" / f"{name}.csv").read_bytes()
        assert published == (built.root / resource["path"]).read_bytes()
        with open(built.root / resource["path"], encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header, csv_rows = reader.fieldnames, list(reader)
        records = json.loads((built.site / "data" / f"{name}.json").read_text(encoding="utf-8"))
        sheet = openpyxl.load_workbook(built.site / "data" / f"{name}.xlsx", read_only=True)["data"]
        cells = list(sheet.iter_rows(values_only=True))
        assert list(cells[0]) == header and len(cells) - 1 == len(records) == len(csv_rows), name
        for csv_row, record, cell_row in zip(csv_rows, records, cells[1:]):
            for column, json_value, xlsx_value in zip(header, (record[h] for h in header), cell_row):
                text = csv_row[column]
                # the same value in all three: numbers as numbers, empty cells as null
                for value in (json_value, xlsx_value):
                    if text == "":
                        assert value in (None, ""), (name, column, text, value)
                    elif isinstance(value, (int, float)) and not isinstance(value, bool):
                        assert Decimal(text) == Decimal(str(value)), (name, column, text, value)
                    else:
                        assert str(value) == text, (name, column, text, value)
    package = json.loads((built.site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert (built.site / "data" / resource["path"]).is_file()


def test_strict_mkdocs_build_is_configured(built):
    import yaml
    config = yaml.safe_load((built.root / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    assert config["strict"] is True and config["theme"]["font"] is False
    # one address for the site: MkDocs gets the package's homepage as site_url (mkdocs.yml has none)
    package = json.loads((built.root / "datapackage.json").read_text(encoding="utf-8"))
    options = json.loads((built.build / "mkdocs-options.json").read_text(encoding="utf-8"))
    assert "site_url" not in config and options["site_url"] == package["homepage"]
    html = (built.site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{package["homepage"]}">' in html


def test_scorecard_counts_match_the_data(built):
    """The summary table on the targets page counts every target and plan figure of each term,
    counted here straight from the CSV files: a figure's term is the terms.csv row of its kind
    whose end years hold its period_end."""
    from collections import Counter

    header, *terms = read_rows(built.root / "data/catalogues/terms.csv")
    terms = [dict(zip(header, t)) for t in terms]
    expected = Counter()
    for file in sorted((built.root / "data/figures").glob("*.csv")):
        header, *rows = read_rows(file)
        for row in (dict(zip(header, r)) for r in rows):
            if row["kind"] in ("target", "plan"):
                (term,) = [t["id"] for t in terms if t["kind"] == row["kind"]
                           and int(t["end_first"]) <= int(row["period_end"]) <= int(t["end_last"])]
                expected[term] += 1
    assert expected["plan-2026"] and expected["2025-2030"]  # the 2026 plan and the new term's targets
    html = (built.site / "targets" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<p class="cb-term-total" data-term-total="([^"]+)" data-count="(\d+)">([\d.]+) mục tiêu</p>',
                      html)
    assert rows, "summary not found"
    assert all(shown == written.replace(".", "") for _, shown, written in rows)  # the words say the count
    shown = {term: int(n) for term, n, _ in rows}
    assert shown == {t["id"]: expected[t["id"]] for t in terms}
    # each term's page shows each of them once
    for t in terms:
        page = (built.site / "targets" / t["id"] / "index.html").read_text(encoding="utf-8")
        assert page.count('<li class="cb-target">') == expected[t["id"]], t["id"]


def test_targets_pages_and_home_show_the_statuses_of_the_published_scorecard(built):
    """The pages are rendered from the scorecard rows: each term page shows, per status, as many
    targets as scorecard.csv has, with the status as text (its icon is decoration), and the
    summaries on the targets page and the home page give the same counts."""
    import csv
    from collections import Counter

    import yaml
    with open(built.site / "data" / "scorecard.csv", encoding="utf-8", newline="") as fh:
        published = list(csv.DictReader(fh))
    repo = Path(__file__).resolve().parent.parent
    strings = yaml.safe_load((repo / "cbod/strings/en.yml").read_text(encoding="utf-8"))["status"]
    by_term = Counter((r["term_id"], r["status"]) for r in published)
    summary = (built.site / "en" / "targets" / "index.html").read_text(encoding="utf-8")
    home = (built.site / "en" / "index.html").read_text(encoding="utf-8")
    for term in {r["term_id"] for r in published}:
        page = (built.site / "en" / "targets" / term / "index.html").read_text(encoding="utf-8")
        cards = page.split('<li class="cb-target">')[1:]
        shown = Counter(re.search(r'<span class="cb-status cb-status-([a-z_]+)"><span class="cb-status-icon" '
                                  r'aria-hidden="true">[^<]+</span> ([^<]+)</span>', c).groups() for c in cards)
        assert shown == {(st, strings[st]): n for (t, st), n in by_term.items() if t == term}, term
        card = summary.split(f'<li class="cb-term" id="{term}">', 1)[1].split("</ul>", 1)[0]
        counted = dict(re.findall(r'cb-status-([a-z_]+)"><span class="cb-status-icon"[^>]*>[^<]+</span> [^<]+</span> '
                                  r'<span class="cb-num cb-status-count">(\d+)</span>', card))
        assert counted == {st: str(n) for (t, st), n in by_term.items() if t == term}, term
        line = re.search(rf'<a href="targets/{term}/">[^<]*</a>: (\d+) targets(.*?)</li>', home).groups()
        assert int(line[0]) == sum(n for (t, _), n in by_term.items() if t == term)
        assert all(f"{strings[st]} {n}" in line[1] for (t, st), n in by_term.items() if t == term)


def test_derived_tables_are_published_and_linked_from_the_data_page(built):
    """scorecard and conflicts: CSV, JSON and XLSX under data/derived/ and (the same bytes) under
    data/, every file linked from the data page, each with a dataset page giving its schema."""
    data_page = (built.site / "data" / "index.html").read_text(encoding="utf-8")
    links = {ref for _, ref, _ in parse(built.site / "data" / "index.html").refs}
    for name, fields in (("scorecard", ("term_id", "indicator_id", "target_period_start", "target_period_end",
                                         "target_comparator", "target_value", "target_unit_id", "target_source_id",
                                         "result_period_start", "result_period_end", "result_comparator",
                                         "result_value", "result_unit_id", "result_source_id", "status",
                                         "reported_status", "rule", "reason")),
                         ("conflicts", ("indicator_id", "period_start", "period_end", "type", "a_comparator",
                                        "a_value", "a_unit_id", "a_source_id", "b_comparator", "b_value",
                                        "b_unit_id", "b_source_id"))):
        for ext in ("csv", "json", "xlsx"):
            derived = built.site / "data" / "derived" / f"{name}.{ext}"
            copy = built.site / "data" / f"{name}.{ext}"
            assert derived.read_bytes() == copy.read_bytes(), (name, ext)
            assert f"../data/derived/{name}.{ext}" in links and f"../data/{name}.{ext}" in links, (name, ext)
        header = (built.site / "data" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert set(fields) <= set(header), set(fields) - set(header)
        page = (built.site / "data" / "derived" / name / "index.html").read_text(encoding="utf-8")
        assert all(f"<code>{f}</code>" in page for f in header)
        assert f'href="../data/derived/{name}/"' in data_page


def test_hand_written_sources_name_no_cdn_or_font_host():
    """Not only the built pages: the theme overrides and hand-written pages must not even hold a
    dormant reference (a block that a changed setting would switch on)."""
    root = Path(__file__).resolve().parent.parent / "site_src"
    named = [f"{f.relative_to(root)}:{n}" for f in sorted(root.rglob("*")) if f.is_file()
             and f.suffix in (".html", ".md", ".css", ".js", ".yml")
             for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if CDN.search(line)]
    assert not named, named


FIRST_VIEW_BUDGET = 150 * 1024
WITH_RUNTIME_BUDGET = 450 * 1024


def test_every_page_first_view_fits_the_weight_budget(built):
    """Bytes (gzip) a first view needs: the HTML, its stylesheets and scripts, and images not
    marked lazy; then for chart pages, the same plus the chart runtime and spec. The benchmark
    measures the same in a real browser for four pages; this covers every page."""
    import gzip
    sizes: dict[Path, int] = {}

    def gz(path: Path) -> int:
        if path not in sizes:
            sizes[path] = len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))
        return sizes[path]

    runtime = gz(built.site / "assets" / "vendor" / "vega-bundle.js")
    heaviest = []
    for file in html_files(built.site):
        total, spec = gz(file), None
        for tag, ref, attrs in parse(file).refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            eager = (tag == "link" and attrs.get("rel") == "stylesheet") or tag == "script" or \
                (tag == "img" and attrs.get("loading") != "lazy")
            if eager:
                path = unquote(parts.path)
                target = built.site / path.lstrip("/") if path.startswith("/") else file.parent / path
                total += gz(target.resolve())
        for m in re.finditer(r'data-spec="([^"]+)"', file.read_text(encoding="utf-8")):
            spec = gz((file.parent / m.group(1)).resolve())
        heaviest.append((total, file))
        assert total <= FIRST_VIEW_BUDGET, f"{file.relative_to(built.site)}: {total} bytes"
        if spec is not None:
            assert total + runtime + spec <= WITH_RUNTIME_BUDGET, f"{file.relative_to(built.site)} with the runtime"
    # the sum really includes CSS and JS: every page counts at least its HTML and the theme's stylesheet
    # (the embed snippets, styled inline, aside)
    theme_css = gz(next((built.site / "assets" / "stylesheets").glob("main.*.min.css")))
    pages = [(total, file) for total, file in heaviest if file.parent.name != "embed"]
    assert theme_css > 10 * 1024 and len(pages) > 500
    assert all(total >= gz(file) + theme_css for total, file in pages)


def test_correction_link_is_prefilled_with_the_figure(built):
    """Each figure's "report an error" link opens the correction form filled in with that figure
    (budget.csv row 3: 13670 billion VND, 2021-2025, as the CSV writes it)."""
    import html as htmllib
    from urllib.parse import parse_qs

    header, _, third = read_rows(built.root / "data/figures/budget.csv")[:3]
    row = dict(zip(header, third))
    assert (row["indicator_id"], row["value"], row["unit_id"]) == ("thu-ngan-sach", "13670", "billion-vnd")
    page = (built.site / "indicators/thu-ngan-sach/index.html").read_text(encoding="utf-8")
    forms = [parse_qs(urlsplit(htmllib.unescape(link)).query)
             for link in re.findall(r'href="(https://github\.com/[^"]*/issues/new\?[^"]*)"', page)]
    (form,) = [f for f in forms if f["source"] == [f"{row['source_id']} — {row['locator']}"]
               and f["period"] == ["2021-2025"]]
    assert form["template"] == ["data-correction.yml"] and form["indicator"] == [row["indicator_id"]]
    assert form["current"] == ["13670 billion-vnd"]


def test_dataset_metadata_comes_from_the_package(built):
    """Licence and keywords, as datapackage.json states them, reach the dataset page's
    structured data (for search engines) and the README sheet of every XLSX download."""
    package = json.loads((built.root / "datapackage.json").read_text(encoding="utf-8"))
    licence = package["licenses"][0]
    for lang in ("", "en/"):
        page = (built.site / lang / "data/budget/index.html").read_text(encoding="utf-8")
        (ld,) = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
        assert ld["@type"] == "Dataset" and ld["license"] == licence["path"]
        assert ld["keywords"] == package["keywords"]
        assert ld["url"] == package["homepage"] + lang + "data/budget/"
    for resource in package["resources"]:
        readme = openpyxl.load_workbook(built.site / "data" / f"{resource['name']}.xlsx")["README"]
        lines = [row[0] for row in readme.iter_rows(values_only=True)]
        assert lines[0] == f"{package['title']} / {package['title_vi']}"
        assert f"Licence: {licence['title']} — {licence['path']}" in lines


def test_english_pages_give_english_locators_and_mark_the_vietnamese_ones(built, model):
    """Every place an indicator page names a figure's section (table, summary box, targets,
    series breaks, conflicts) says it in the page's language: on English pages the
    `locator_en`, and never the Vietnamese `locator` outside an element marked lang="vi"."""
    from markupsafe import escape
    checked = 0
    for ind_id in model["indicators"]:
        html = (built.site / "en" / "indicators" / ind_id / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        for f in (f for f in model["figures"] if f["indicator_id"] == ind_id):
            vi, en = str(escape(f["locator"])), str(escape(f["locator_en"]))
            if vi == en or vi in en:
                continue
            assert en in article, (ind_id, f["locator_en"])
            bare = [m.start() for m in re.finditer(re.escape(vi), article)
                    if not re.search(r'<span lang="vi"[^>]*>$', article[:m.start()])]
            assert not bare, (ind_id, f["locator"], article[max(0, bare[0] - 120):bare[0] + 40])
            checked += 1
    assert checked > 500


def test_dataset_pages_give_the_absolute_stable_address_of_their_csv(built):
    """The stable address a journalist cites is the site's address (datapackage.json homepage)
    plus the file's path, in both languages: not a path relative to the page."""
    homepage = json.loads((built.root / "datapackage.json").read_text(encoding="utf-8"))["homepage"]
    for prefix in ("", "en/"):
        for folder, name in (("data/", "budget"), ("data/derived/", "figures")):
            page = (built.site / f"{prefix}{folder}{name}/index.html").read_text(encoding="utf-8")
            assert f"<code>{homepage}{folder}{name}.csv</code>" in page, (prefix, folder, name)
