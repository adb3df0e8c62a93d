"""`make serve`: build, serve the site on 127.0.0.1, and rebuild when a source changes.

What is watched: the data (data/, datapackage.json), the site's sources (site_src/,
mkdocs.yml) and the render stage's templates and strings. A change is rebuilt in this same
process (imports, compiled templates and the chart cache stay warm) and only the pages that
changed are written again (cbod/files.py, publish's staging folder). The browser
reloads as soon as the pages are written; the search index follows a moment later. A build
that fails prints its problems here and shows them over the page in the browser.

The preview is served from the staging folder (build/site); site/ is left alone, and the
next `make site` only swaps the staging folder in.
"""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from . import pipeline
from .dev import serve as serve_folder
from .paths import Paths
from .publish import index_staging, staging_indexed

RELOAD_JS = """(function () {
  /* make serve only: reload when the site is rebuilt; show the problems of a failed build. */
  var source = new EventSource("/__cbod/events");
  var shown = null;
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("problems", function (event) {
    var lines = JSON.parse(event.data);
    if (!shown) {
      shown = document.createElement("pre");
      shown.setAttribute("role", "alert");
      shown.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;" +
        "padding:1em;background:#fff3f3;color:#600;border-top:3px solid #b00;z-index:9999;" +
        "white-space:pre-wrap;font:13px/1.4 monospace";
      document.body.appendChild(shown);
    }
    shown.textContent = "make serve: the build failed, the page shows the last good build.\\n\\n" +
      lines.join("\\n");
  });
})();
"""

WATCHED = ("data", "datapackage.json", "site_src", "mkdocs.yml")
CODE_WATCHED = ("cbod/render/templates", "cbod/strings")
QUIET = 0.15  # seconds without a new change before rebuilding (editors save in several steps)


class Events:
    """Server-sent events to every open page: `reload`, or `problems` with the lines."""

    def __init__(self):
        self.version = 0
        self.message: tuple[str, str] | None = None
        self.changed = threading.Condition()

    def send(self, event: str, data) -> None:
        with self.changed:
            self.version += 1
            self.message = (event, json.dumps(data, ensure_ascii=False))
            self.changed.notify_all()

    def stream(self, write) -> None:
        seen = self.version
        write(b"retry: 1000\n\n")
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.version != seen, timeout=15)
                if self.version == seen:
                    write(b": keep-alive\n\n")
                    continue
                seen, (event, data) = self.version, self.message
            write(f"event: {event}\ndata: {data}\n\n".encode("utf-8"))


def _handler_extras(events: Events):
    """Dev-server routes: the reload script, the event stream, and a script tag in every page."""
    tag = b'<script src="/__cbod/reload.js" defer></script>'

    def route(handler) -> bool:
        if handler.path == "/__cbod/reload.js":
            body = RELOAD_JS.encode("utf-8")
            handler.send_response(200)
            handler.send_header("Content-Type", "text/javascript; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
            return True
        if handler.path == "/__cbod/events":
            handler.send_response(200)
            handler.send_header("Content-Type", "text/event-stream")
            handler.send_header("Cache-Control", "no-cache")
            handler.end_headers()

            def write(data: bytes) -> None:
                handler.wfile.write(data)
                handler.wfile.flush()
            try:
                events.stream(write)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return True
        return False

    def rewrite(body: bytes, path: Path) -> bytes:
        return body.replace(b"</body>", tag + b"</body>", 1) if path.suffix == ".html" else body

    return route, rewrite


def rebuild(paths: Paths, events: Events) -> bool:
    """One preview build; the browser reloads (or shows the problems); then the search index."""
    t = time.perf_counter()
    result = pipeline.build(paths, preview=True)
    if not result.ok:
        lines = result.report.lines()
        print("\n".join(lines) + f"\nFAILED: {len(result.report.errors)} error(s); the preview keeps the last "
              "good build", flush=True)
        events.send("problems", lines)
        return False
    print(f"rebuilt in {time.perf_counter() - t:.1f} s: "
          + ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items()), flush=True)
    events.send("reload", {})
    if not staging_indexed(paths):
        print(f"search index in {index_staging(paths, background=True):.1f} s", flush=True)
    return True


def _roots(paths: Paths) -> list[Path]:
    return [paths.root / n for n in WATCHED] + [Path(__file__).parent.parent / n for n in CODE_WATCHED]


# What the file system reports that is a change (inotify also reports files opened and closed
# unread: the build itself reads the data).
CHANGES = {"created", "deleted", "modified", "moved", "closed"}


def watch(paths: Paths, events: Events, stop: threading.Event, poll: float = 0.3) -> None:
    """Rebuild QUIET seconds after the last change to a watched file. Changes are reported by
    the operating system (watchdog: inotify on Linux) as they happen; `poll` is only how often
    the loop looks at `stop`."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    roots = _roots(paths)
    changed, seen = threading.Event(), []

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type not in CHANGES:
                return
            for where in filter(None, (event.src_path, getattr(event, "dest_path", ""))):
                file = Path(where)
                if any(file == root or root in file.parents for root in roots):
                    seen.append(str(file))
                    changed.set()

    observer = Observer()
    for folder in sorted({root if root.is_dir() else root.parent for root in roots}):
        observer.schedule(Handler(), str(folder), recursive=folder != paths.root)
    observer.start()
    try:
        while not stop.is_set():
            if not changed.wait(poll):
                continue
            while changed.is_set():  # let the editor finish saving
                changed.clear()
                if stop.wait(QUIET):
                    return
            files, seen[:] = sorted(set(seen)), []
            print(f"changed: {', '.join(files[:5])}", flush=True)
            try:
                rebuild(paths, events)
            except Exception as exc:  # a broken template: say so and keep watching
                print(f"build error: {exc!r}", flush=True)
                events.send("problems", [f"build error: {exc!r}"])
    finally:
        observer.stop()
        observer.join()


class Preview:
    """A running preview: the first build, the server and the watcher (in a thread)."""

    def __init__(self, paths: Paths, port: int = 0):
        self.paths, self.events, self.stop = paths, Events(), threading.Event()
        self.ok = rebuild(paths, self.events)
        if not self.ok:
            print("Fix the problems above; the preview shows them until the data is valid.", flush=True)
        route, rewrite = _handler_extras(self.events)
        (paths.build / "site").mkdir(parents=True, exist_ok=True)
        self.httpd, self.url = serve_folder(paths.build / "site", port=port, route=route, rewrite=rewrite)
        self.thread = threading.Thread(target=watch, args=(paths, self.events, self.stop), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.httpd.shutdown()


def serve(paths: Paths, port: int = 8000) -> int:
    preview = Preview(paths, port)
    print(f"Serving {preview.url} — edits to the data, templates or pages rebuild it (Ctrl+C to stop)",
          flush=True)
    try:
        while preview.thread.is_alive():
            preview.thread.join(1)
    except KeyboardInterrupt:
        pass
    finally:
        preview.close()
    return 0
