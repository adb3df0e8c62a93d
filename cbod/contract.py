"""What the render stage writes and the publish stage reads: the names both sides use,
kept in one place so that neither stage imports the other."""
from __future__ import annotations

# Generated pages are HTML after this mark; MkDocs appends it to the page without passing it
# through Markdown (publish/mkdocs_hooks.py).
HTML_MARK = "<!-- cbod:html -->\n"

# MkDocs options the render stage computes (site address, languages and their names, nav
# translations, footer), written as JSON under build/ and passed to MkDocs over mkdocs.yml.
MKDOCS_OPTIONS = "mkdocs-options.json"

# Shared static files (charts, downloads, scripts), copied over the MkDocs output.
STATIC = "static"
