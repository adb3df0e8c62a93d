"""MkDocs hooks, added by `publish.mkdocs_build`.

Generated pages are HTML already, written and escaped by the render stage's templates.
Python-Markdown would only re-parse that HTML to pass it through unchanged, which was
half of MkDocs' time; so the generated body, placed after `HTML_MARK`, skips Markdown and
is appended to the page's content as it is. Hand-written pages have no mark and go
through Markdown as usual. Without the hook (a plain `mkdocs build`) the mark is an HTML
comment and Markdown passes the HTML through: the pages are the same, only slower.

The not-found page is written once per language (`on_post_template`), the theme's
compiled templates are kept between builds (`on_env`), and the search index of a language
is started as soon as its pages are written (`on_post_build`).
"""
from __future__ import annotations

import os
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from cbod.contract import HTML_MARK, LANGUAGE_WRITTEN
from cbod.files import write_if_changed
_ATTR = "cbod_html"
THEME_CACHE = "CBOD_THEME_TEMPLATE_CACHE"  # set by publish.mkdocs_build: where compiled theme templates are kept


def on_env(env, config, files):
    """The theme's templates are compiled once and kept (Jinja checks each against its source)."""
    folder = os.environ.get(THEME_CACHE)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(folder)
    return env


def on_page_markdown(markdown, page, config, files):
    head, mark, html = markdown.partition(HTML_MARK)
    if not mark:
        return markdown
    setattr(page, _ATTR, html)
    return head


def on_page_content(html, page, config, files):
    body = getattr(page, _ATTR, None)
    if body is None:
        return html
    delattr(page, _ATTR)
    return html + body


def on_post_build(config):
    """A language's pages are all written (mkdocs-static-i18n builds the other languages in
    its own on_post_build, which runs last): whoever waits for them is told."""
    for callback in list(LANGUAGE_WRITTEN):
        callback(config.extra["ui"]["prefix"])


def on_post_template(output, template_name, config):
    """The not-found page is a static template, rendered once per language build into the same
    site/404.html: each language's goes to its own folder instead (<prefix>404.html, prefix from
    the language's extra.ui), so the default language's stays at the root, where hosts serve it."""
    if template_name != "404.html":
        return output
    prefix = config.extra["ui"]["prefix"]
    if not prefix:
        return output
    write_if_changed(Path(config.site_dir) / prefix / "404.html", output.encode("utf-8"))  # never in place
    return ""  # MkDocs writes nothing for an empty page: the root 404.html stays the default language's
