"""Page weight as a browser sees it: the site served gzip-compressed from 127.0.0.1, pages
loaded in Debian's chromium (Playwright), bytes on the wire and requests counted."""
from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".map")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types (as GitHub Pages or any CDN would)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the usual redirect to the URL with a slash
            path = path / "index.html"
        if ("gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in COMPRESSIBLE
                and path.is_file()):
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            return _Body(body)
        return super().send_head()


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(site: Path):
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def measure(site: Path, pages: dict[str, str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    httpd, base = serve(site)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for label, path in pages.items():
                for interactive in ((False, True) if "indicator" in label else (False,)):
                    ctx = browser.new_context(viewport={"width": 390, "height": 844})
                    page = ctx.new_page()
                    sizes = []
                    page.on("requestfinished", lambda r: sizes.append((r.url, r.sizes())))
                    page.goto(base + path, wait_until="networkidle")
                    if interactive:
                        page.locator(".cb-chart-interactive").first.click()
                        page.locator(".cb-chart-live svg").first.wait_for(timeout=20000)
                        page.wait_for_load_state("networkidle")
                    total = sum(s["responseBodySize"] + s["responseHeadersSize"] for _, s in sizes)
                    by_type = {}
                    for url, s in sizes:
                        ext = url.split("?")[0].rsplit(".", 1)[-1] if "." in url.rsplit("/", 1)[-1] else "html"
                        by_type[ext] = by_type.get(ext, 0) + s["responseBodySize"]
                    rows.append({"page": label + (" + chart runtime" if interactive else ""), "path": path,
                                 "requests": len(sizes), "bytes": total, "by_type": by_type})
                    ctx.close()
            browser.close()
    finally:
        httpd.shutdown()
    return rows
