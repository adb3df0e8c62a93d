"""Page weight as a browser sees it: the site served gzip-compressed from 127.0.0.1, pages
loaded in Debian's chromium (Playwright), bytes on the wire and requests counted."""
from __future__ import annotations

from pathlib import Path

from cbod.dev import CHROMIUM, CHROMIUM_ARGS, serve


def measure(site: Path, pages: dict[str, str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    httpd, base = serve(site)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
