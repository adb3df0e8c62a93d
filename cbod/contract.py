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


# Called with a language's URL prefix once MkDocs has written that language's pages (the
# MkDocs hook calls them; publish adds one for the length of a build to start indexing it).
LANGUAGE_WRITTEN: list = []


class Pending:
    """Static files still being produced while publish runs (the chart drawing): `manifest`
    describes them before they exist, `files` are their paths under the static folder, and
    `complete(static_folder)` waits for them and writes them."""

    def __init__(self, manifest: bytes = b"", files: frozenset[str] = frozenset(), complete=None):
        self.manifest, self.files, self._complete = manifest, frozenset(files), complete

    def complete(self, static) -> None:
        if self._complete is not None:
            self._complete(static)
