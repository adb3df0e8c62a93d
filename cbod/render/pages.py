"""Pages: jinja2 templates -> markdown files (front matter + escaped HTML) under build/docs/<lang>/.

Every value from the data passes through jinja2 autoescaping, so HTML, Markdown or
template syntax in a CSV cell shows up literally. The body is one raw-HTML block,
which Python-Markdown leaves alone. Titles and descriptions go into the front matter
HTML-escaped, because MkDocs themes print them without escaping.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
import os
import pickle
import re
from importlib import metadata
from urllib.parse import urlencode
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import fmt
from ..contract import HTML_MARK
from ..languages import Language, localized, text_language
from ..text import period_span, plain_value

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Page:
    path: str  # relative to the language folder, e.g. "indicators/thu-ngan-sach.md"
    template: str
    title: str
    description: str
    context: dict
    meta: dict = field(default_factory=dict)  # more front matter: the share preview (og_image…)

    @property
    def depth(self) -> int:
        """How many folders deep the page's URL is (directory URLs)."""
        parts = self.path[:-3].split("/")
        if parts[-1] == "index":
            parts = parts[:-1]
        return len(parts)


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(Environment):
    """Jinja2's environment, with `record.key` on a plain dict read as the key at once.

    Jinja2 reads `a.b` as the attribute b first, and only when that raises as the item a["b"];
    the templates read dicts (figures, strings) that way about ten million times at ×100,
    and each raised and caught AttributeError costs a microsecond. A plain dict has no
    attributes but those of its class, so reading the item first for any other name is
    what Jinja2 does, without the exception."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(cache: Path | None = None) -> Environment:
    """Templates with autoescaping; compiled templates are kept in `cache` between builds."""
    bytecode = None
    if cache is not None:
        (cache / "jinja").mkdir(parents=True, exist_ok=True)
        bytecode = FileSystemBytecodeCache(str(cache / "jinja"))
    env = _Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True, undefined=StrictUndefined, keep_trailing_newline=True,
                      bytecode_cache=bytecode)
    env.filters["csp_hash"] = csp_hash
    return env


def csp_hash(text: str) -> Markup:
    """The Content-Security-Policy source that allows exactly this inline <style> (or script).
    Markup: quotes and base64 characters only, printed as they are."""
    digest = hashlib.sha256(str(text).encode("utf-8")).digest()
    return Markup(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")


def _escaped(value):
    """A front matter value escaped for HTML: the theme prints page.meta values raw."""
    if isinstance(value, (list, tuple)):
        return [str(escape(v)) for v in value]
    return str(escape(value))


def front_matter(title: str, description: str, meta: dict | None = None) -> str:
    # Escaped for HTML (themes print these raw), then JSON-quoted, which YAML reads as a plain string
    # (a JSON list is a YAML flow sequence).
    lines = [f"{key}: {json.dumps(_escaped(value), ensure_ascii=True)}"
             for key, value in [("title", title), ("description", description), *sorted((meta or {}).items())]]
    # Generated pages carry no markdown headings: hide the empty TOC and give tables the width.
    return "---\n" + "\n".join(lines) + "\nhide:\n  - navigation\n  - toc\n---\n\n"


def share_meta(lang: Language, languages, meta: dict) -> dict:
    """The share preview of a generated page (site_src/overrides/main.html prints it as Open
    Graph and Twitter tags): its locale and the other languages', and what the page adds
    (og_image, og_image_alt: a chart card, 1200 × 630)."""
    return {"og_locale": lang.og_locale,
            "og_locale_alternate": [other.og_locale for other in languages if other != lang], **meta}




def write_page(env: Environment, page: Page, lang: Language, strings: dict, common: dict, out_dir: Path) -> Path:
    lang_root = "../" * page.depth
    site_root = lang_root + "../" * lang.prefix.count("/")

    def u(target: str) -> str:
        """Link to another page of the same language ('' is the home page)."""
        return (lang_root + target) or "./"

    def a(target: str) -> str:
        """Link to a file shared by both languages (data, charts, scripts)."""
        return site_root + target

    original = common["languages"][0]  # the language of the documents and of unsuffixed columns

    def in_language(text, language: Language = original, searched: bool = True):
        """Text in `language`, marked with its lang when the page is in another (WCAG 3.1.2).
        Not `searched`: left out of this page's search index (Pagefind), so that no search
        excerpt in the page's language shows it without its mark."""
        if text is None or text == "":
            return ""
        if language == lang:
            return text
        ignore = Markup("") if searched else Markup(" data-pagefind-ignore")
        return Markup('<span lang="{}"{}>{}</span>').format(language, ignore, text)

    def T(rec: dict, key: str):
        """`key_<lang>` of a record, or its unsuffixed `key` (the documents' words) marked as such
        and kept out of the page language's search index."""
        language = text_language(rec, key, lang, original)
        return in_language(localized(rec, key, lang), language, searched=language == lang)

    def original_text(rec: dict, key: str):
        """The documents' own wording of a text (`key_<default>`) on a page in another language,
        marked; '' on a page in the documents' language (it is the page's own text there)."""
        return "" if lang == original else in_language(rec.get(f"{key}_{original}"))

    ctx = dict(common, **page.context, lang=lang, s=strings, u=u, a=a,
               T=T, orig=in_language, original=original_text,
               plural=lambda forms, count: fmt.plural(forms, count, lang),
               fv=lambda rec: fmt.value_text(rec, common["units"][rec["unit_id"]], lang, strings),
               fp=lambda rec: fmt.period_text(rec, lang, strings),
               n=lambda v: fmt.number(v, lang),
               nf=lambda v, places=2: fmt.computed(v, lang, places),
               pct=lambda v: fmt.computed(v * 100, lang, 1) + "%",
               L=lambda rec, key: rec[f"{key}_{lang}"],
               report=lambda rec: report_url(common["repository"], rec))
    body = env.get_template(page.template).render(ctx)
    body = "\n".join(line for line in body.splitlines() if line.strip()) + "\n"
    file = out_dir / lang / page.path
    file.parent.mkdir(parents=True, exist_ok=True)
    meta = share_meta(lang, common["languages"], page.meta)
    file.write_text(front_matter(page.title, page.description, meta) + HTML_MARK + body, encoding="utf-8")
    return file


def _pickled(value) -> bytes:
    """`value` pickled by value only: without pickle's memo, an object met twice is written out
    twice, so equal data gives equal bytes whether or not it shares objects (a cached
    function may return the very same string object one time and an equal copy the next)."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return buf.getvalue()


class PageMemo:
    """Pages are rendered again only when something they are made of changed. Jinja2 is half
    of render's time, and a one-cell edit changes a few dozen of the 816 pages.

    A page's key is the hash of the page itself pickled (template name, path, title,
    description, front matter and context: plain data, no functions), its language, and a
    salt for what every page shares: the interface strings, `common`, the templates, the
    code of the `cbod` package and the versions of Jinja2, MarkupSafe and Babel. The pages of
    the last render are kept by key (build/cache/pages.pickle, one file: one write a build),
    with the side files made through `output` (an indicator's chart embed); a page whose key
    is there is copied from it instead of rendered. A key names the bytes
    rendered for it, so the store stays right whatever happens to build/docs or to a build."""

    def __init__(self, store: Path):
        self.store = store
        try:
            with store.open("rb") as f:
                self.kept: dict[str, bytes] = pickle.load(f)
        except (FileNotFoundError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            self.kept = {}
        self.salt = b""
        self.pages: dict[str, bytes] = {}  # key -> bytes of this render's pages and side files
        self.reused = self.reused_outputs = 0

    def share(self, strings: dict, common: dict) -> None:
        """Set what every page of this render shares (part of every key): the strings and
        `common`, the code and templates of the `cbod` package, the template tools' versions."""
        digest = hashlib.sha256(_pickled((strings, common)))
        package = Path(__file__).resolve().parent.parent
        for root, folders, files in sorted(os.walk(package)):
            folders.sort()
            for name in sorted(files):
                if name.endswith((".py", ".j2", ".yml", ".yaml", ".svg", ".html")):
                    file = Path(root) / name
                    digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
        for name in ("jinja2", "markupsafe", "babel"):
            digest.update(f"{name}={metadata.version(name)}".encode())
        self.salt = digest.digest()

    def write(self, env: Environment, page: Page, lang: Language, strings: dict, common: dict,
              out_dir: Path) -> Path:
        if not self.salt:
            raise RuntimeError("PageMemo.share() must be called before pages are written")
        try:
            data = _pickled((str(lang), page.template, page.path, page.title, page.description, page.meta,
                             page.context))
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
            return write_page(env, page, lang, strings, common, out_dir)
        key = hashlib.sha256(self.salt + data).hexdigest()
        kept = self.kept.get(key)
        if kept is None:
            file = write_page(env, page, lang, strings, common, out_dir)
            self.pages[key] = file.read_bytes()
            return file
        file = out_dir / str(lang) / page.path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(kept)
        self.pages[key] = kept
        self.reused += 1
        return file

    def output(self, parts: tuple, make) -> bytes:
        """The bytes `make()` returns for `parts` (plain data naming everything they are made of
        besides what every page shares), made again only when the parts or the salt changed:
        a page's side files (an indicator's chart embed) are kept like the pages."""
        if not self.salt:
            raise RuntimeError("PageMemo.share() must be called before outputs are made")
        key = hashlib.sha256(self.salt + _pickled(("output",) + parts)).hexdigest()
        kept = self.kept.get(key)
        if kept is None:
            kept = make()
        else:
            self.reused_outputs += 1
        self.pages[key] = kept
        return kept

    def save(self) -> None:
        """Keep this render's pages (only them) for the next one, unless they are those kept."""
        if self.pages.keys() == self.kept.keys():
            return
        self.store.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.store.with_name(f".{self.store.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(self.pages, f, protocol=5)
        tmp.replace(self.store)


REPORT_FIELDS = ("indicator_id", "period_start", "period_end", "source_id", "locator", "comparator", "value",
                 "value_high", "unit_id")


def report_url(repository: str, rec: dict) -> str:
    """The repository's data-correction issue form, prefilled with the figure (GitHub issue forms
    take field values from the query string, by field id). The same for every page and language
    that shows the figure, so it is made once per figure."""
    return _report_url(repository, tuple(rec[k] for k in REPORT_FIELDS))


@functools.lru_cache(maxsize=None)  # every figure once a build: its four pages (two languages) share it
def _report_url(repository: str, values: tuple) -> str:
    rec = dict(zip(REPORT_FIELDS, values))
    period = period_span(rec["period_start"], rec["period_end"], "-")
    query = {"template": "data-correction.yml",
             "title": f"[Số liệu / Data] {rec['indicator_id']} {period}",
             "indicator": rec["indicator_id"], "period": period,
             "source": f"{rec['source_id']} — {rec['locator']}",
             "current": plain_value(rec)}
    return f"https://github.com/{repository}/issues/new?" + urlencode(query)


def svg_size(svg: str) -> tuple[int, int]:
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else (600, 320)
