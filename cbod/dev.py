"""Tools for people working on the site, not part of the build: a local server that
compresses like a real host, and the settings that start Debian's Chromium here.
Used by `build.py serve`, the browser tests and the benchmark."""
from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".map")
CHROMIUM = "/usr/bin/chromium"
# Debian's chromium, as root, offline: no sandbox, no GPU, and none of its background
# connections (the machine's closed network refuses them).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types (as GitHub Pages or any CDN would),
    with the site's Content-Security-Policy header when one is given."""

    headers_extra: dict[str, str] = {}
    route = None  # route(handler) -> True when it answered the request itself (make serve)
    rewrite = None  # rewrite(body, path) -> body served instead (make serve adds its script)

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.route is not None and self.route(self):
            return
        super().do_GET()

    def end_headers(self):
        for name, value in self.headers_extra.items():
            self.send_header(name, value)
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the usual redirect to the URL with a slash
            path = path / "index.html"
        if "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in COMPRESSIBLE and path.is_file():
            stat = path.stat()
            body = _compressed(str(path), stat.st_mtime_ns, stat.st_size, self.rewrite)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            return _Body(body)
        return super().send_head()


@functools.lru_cache(maxsize=1024)
def _compressed(file: str, mtime_ns: int, size: int, rewrite) -> bytes:
    """A file's body as served, gzip-compressed: kept while the file is unchanged (its time and
    size are part of the key), since a page's styles and scripts are asked for on every load."""
    path = Path(file)
    data = path.read_bytes()
    if rewrite is not None:
        data = rewrite(data, path)
    return gzip.compress(data, compresslevel=6, mtime=0)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(site: Path, port: int = 0, headers: dict[str, str] | None = None, route=None, rewrite=None):
    """Serve `site` from 127.0.0.1 in a background thread; returns (server, base URL)."""
    handler = functools.partial(type("Handler", (GzipHandler,), {
        "headers_extra": dict(headers or {}), "route": staticmethod(route) if route else None,
        "rewrite": staticmethod(rewrite) if rewrite else None}), directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"
