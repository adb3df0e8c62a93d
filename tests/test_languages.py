"""The English site is English and the two languages are twins (on a full build of the real
data): interface words and plurals in the page's language, lists in its alphabetical order,
the documents' own Vietnamese words marked lang="vi", search in the page's language,
hreflang alternates, robots.txt, the sitemap's dates and a not-found page per language.
Expected values are read from the CSV files or written by hand."""
from __future__ import annotations

import csv
import html
import re
import unicodedata
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from conftest import LANGUAGES

DEFAULT = LANGUAGES[0]


def page(built, path: str) -> str:
    return (built.site / path / "index.html" if not path.endswith(".html") else built.site / path).read_text(
        encoding="utf-8")


def rows(built, file: str) -> list[dict]:
    with open(built.root / file, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def strings(code: str) -> dict:
    from conftest import REPO
    return yaml.safe_load((REPO / "cbod/strings" / f"{code}.yml").read_text(encoding="utf-8"))


def content_pages(built) -> list[Path]:
    """Every page a reader reaches (not the not-found pages, chart embeds or search fragments)."""
    return [p for p in sorted(built.site.rglob("*.html"))
            if p.name == "index.html" and not p.relative_to(built.site).as_posix().startswith(("embed/", "pagefind/"))]


def test_english_interface_words_and_footer(built):
    en, vi = strings("en"), strings("vi")
    home = page(built, "en/")
    assert en["footer"] in home and vi["footer"] not in home
    assert 'placeholder="Search"' in home and "Tìm kiếm" not in home
    indicator = page(built, "en/indicators/thu-ngan-sach/")
    assert ">Report an error</a>" in indicator and ">Type of figure</th>" in indicator
    assert ">Báo lỗi</a>" in page(built, "indicators/thu-ngan-sach/")


def test_plurals_follow_each_language(built):
    """hd-ctr06-2025 has 3 figures; many indicators have exactly one (topic pages)."""
    en_pages = [p.read_text(encoding="utf-8") for p in content_pages(built) if p.relative_to(built.site).parts[0] == "en"]
    wrong = re.compile(r"\b1 (figures|indicators|targets|results|source documents|schools|items)\b")
    assert not [m.group(0) for text in en_pages for m in wrong.finditer(text)]
    assert "(1 figure)" in page(built, "en/topics/xa-hoi/")
    assert "(1 số liệu)" in page(built, "topics/xa-hoi/")
    assert "(3 figures)" in page(built, "en/sources/")
    # socioeconomic.csv: "at least 1" new national-standard school per district and year
    assert "at least 1 school" in page(built, "en/indicators/so-truong-dat-chuan-quoc-gia-tang-them-moi-huyen/")


def _fold(text: str) -> str:
    """Folding written here by hand (not the code's): no marks, đ as d, no case."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def _indicator_lists(text: str) -> dict[str, list[str]]:
    """Topic id -> the indicator ids listed under its heading (shown and folded), in page order."""
    out = {}
    for m in re.finditer(r'<h2 id="([^"]+)">.*?</h2>(.*?)(?=<h2 |</div>\s*$)', text, re.S):
        out[m.group(1)] = re.findall(r'href="\.\./indicators/([^/"]+)/"', m.group(2)) or \
            re.findall(r'href="([^/".]+)/"', m.group(2))
    return out


def test_indicator_lists_are_in_each_language_alphabetical_order(built):
    inds = rows(built, "data/catalogues/indicators.csv")
    for lang in LANGUAGES:
        lists = _indicator_lists(page(built, lang.prefix + "indicators/"))
        assert len(lists) >= 10
        for topic, shown in lists.items():
            expected = sorted((i for i in inds if i["topic_id"] == topic),
                              key=lambda i: (_fold(i[f"name_{lang}"]), i[f"name_{lang}"].casefold()))
            assert shown == [i["id"] for i in expected], (lang, topic)
    assert _indicator_lists(page(built, "en/indicators/")) != _indicator_lists(page(built, "indicators/"))


def test_documents_words_are_marked_on_english_pages(built):
    """A locator without an English version is shown in Vietnamese, marked lang="vi" and kept
    out of the English search index; on the Vietnamese page it is the page's own text."""
    figures = [r for r in rows(built, "data/figures/budget.csv") if r["indicator_id"] == "thu-ngan-sach"]
    en, vi = page(built, "en/indicators/thu-ngan-sach/"), page(built, "indicators/thu-ngan-sach/")
    for f in figures:
        locator = html.escape(f["locator"], quote=False)
        if f.get("locator_en"):
            assert html.escape(f["locator_en"], quote=False) in en
        else:
            assert f'<span lang="vi" data-pagefind-ignore>{locator}</span>' in en
        assert f">{locator}</span>" in vi and f'lang="vi" data-pagefind-ignore>{locator}' not in vi
    source = page(built, "en/sources/bcct-dh20-2025/")
    title = next(r for r in rows(built, "data/catalogues/sources.csv") if r["id"] == "bcct-dh20-2025")["title_vi"]
    assert f'<span lang="vi">{html.escape(title, quote=False)}</span>' in source


def test_dataset_preview_marks_each_column_language(built):
    text = page(built, "en/data/indicators/")
    preview = text[text.index('class="cb-preview'):]
    header = re.findall(r'<th scope="col">([^<]+)</th>', preview[:preview.index("</thead>")])
    first_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", preview, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", first_row, re.S)
    assert len(cells) == len(header)
    by_column = dict(zip(header, cells))
    assert by_column["name_vi"].startswith('<span lang="vi">') and "lang=" not in by_column["name_en"]
    assert "lang=" not in by_column["id"]


def _alternates(text: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', text))


def test_every_page_links_its_twins_with_absolute_hreflang(built):
    import json
    home = json.loads((built.root / "datapackage.json").read_text(encoding="utf-8"))["homepage"]
    pages = content_pages(built)
    assert len(pages) > 700
    for file in pages:
        rel = file.parent.relative_to(built.site).as_posix()
        rel = "" if rel == "." else rel + "/"
        links = _alternates(file.read_text(encoding="utf-8"))
        assert set(links) == {str(lang) for lang in LANGUAGES} | {"x-default"}, rel
        own = next(str(lang) for lang in reversed(LANGUAGES) if rel.startswith(lang.prefix))
        assert links[own] == home + rel, rel
        assert links["x-default"] == links[str(DEFAULT)]
        for code, href in links.items():
            assert href.startswith(home)
            twin = built.site / href[len(home):] / "index.html"
            assert twin.is_file(), (rel, href)
            assert _alternates(twin.read_text(encoding="utf-8"))[own] == home + rel  # the twin links back


def test_robots_txt_and_sitemap_dates(built):
    import json
    home = json.loads((built.root / "datapackage.json").read_text(encoding="utf-8"))["homepage"]
    robots = (built.site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {home}sitemap.xml" in robots.splitlines() and "User-agent: *" in robots
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    # The build copy has no git history, so the data's date is the newest source document's date.
    newest = max(r["date"] for r in rows(built, "data/catalogues/sources.csv"))
    assert dates == {newest}
    assert f"<loc>{home}en/indicators/thu-ngan-sach/</loc>" in sitemap


def test_not_found_page_in_each_language(built):
    for lang in LANGUAGES:
        text = (built.site / lang.prefix / "404.html").read_text(encoding="utf-8")
        s = strings(str(lang))
        assert f'<html lang="{lang}"' in text and f"<h1>{s['notfound']['title']}</h1>" in text
        assert '<meta name="robots" content="noindex">' in text
        prefix = "/" + lang.prefix
        assert text.count(f'action="{prefix}search/"') == 2  # the header's search box and the page's own
        for path in ("topics/", "data/", "indicators/"):
            assert f'<li><a href="{prefix}{path}">' in text, path
        for other in LANGUAGES:
            if other != lang:
                assert f'<p lang="{other}">' in text and f'href="/{other.prefix}404.html" hreflang="{other}"' in text


def test_header_search_goes_to_the_page_language_search(built):
    for file in content_pages(built) + [built.site / "en/404.html"]:
        rel = file.relative_to(built.site).as_posix()
        lang = next(lg for lg in reversed(LANGUAGES) if rel.startswith(lg.prefix))
        action = re.search(r'<form class="cb-search-form" role="search" action="([^"]+)"', file.read_text(
            encoding="utf-8")).group(1)
        target = urlsplit(urljoin("https://x.test/" + rel, action)).path
        assert target == f"/{lang.prefix}search/", rel


def test_indicator_pages_give_search_their_latest_value(built):
    """budget.csv: the latest result of thu-ngan-sach is 13670 billion VND for 2021-2025 (a total)."""
    en = page(built, "en/indicators/thu-ngan-sach/")
    assert '<span hidden data-pagefind-ignore data-pagefind-meta="latest">13,670 billion VND</span>' in en
    assert 'data-pagefind-meta="period">2021–2025 (total for the period)</span>' in en
    assert 'data-pagefind-meta="latest">13.670 tỷ đồng</span>' in page(built, "indicators/thu-ngan-sach/")


def test_each_language_has_a_search_index_of_its_own_pages(built):
    """The search page of a language loads that language's index, which holds its pages only
    (the default language at pagefind/, the others under their prefix)."""
    import json

    pages = {lang.prefix: sum(1 for p in (built.site / lang.prefix).rglob("index.html")
                              if "data-pagefind-body" in p.read_text(encoding="utf-8")
                              and (lang.prefix or not p.relative_to(built.site).as_posix().startswith(
                                  tuple(other.prefix for other in LANGUAGES if other.prefix))))
             for lang in LANGUAGES}
    for lang in LANGUAGES:
        search = (built.site / lang.prefix / "search/index.html").read_text(encoding="utf-8")
        bundle = re.search(r'data-bundle="([^"]+)"', search).group(1)
        folder = Path(urlsplit(urljoin(f"http://x/{lang.prefix}search/", bundle)).path.lstrip("/"))
        assert folder.as_posix() == f"{lang.prefix}pagefind", bundle
        entry = json.loads((built.site / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [str(lang)]
        assert entry["languages"][str(lang)]["page_count"] == pages[lang.prefix]
