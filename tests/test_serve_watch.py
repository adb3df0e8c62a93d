"""make serve's watcher: a save to the data, the package descriptor or a hand-written page
starts one rebuild (several quick saves, one rebuild); files the build writes do not."""
from __future__ import annotations

import threading
import time

import cbod.serve as serve
from conftest import copy_project


def test_watched_saves_rebuild_once_and_build_output_does_not(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project", reuse_cache=False)
    (project.root / "build").mkdir()
    (project.root / "site").mkdir()
    builds = []
    monkeypatch.setattr(serve, "rebuild", lambda paths, events: builds.append(time.monotonic()))
    stop = threading.Event()
    thread = threading.Thread(target=serve.watch, args=(project, serve.Events(), stop, 0.05), daemon=True)
    thread.start()
    time.sleep(0.5)  # the observer is watching

    def settle(expected: int) -> None:
        deadline = time.monotonic() + 10
        while len(builds) < expected and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(serve.QUIET + 0.5)  # and no further rebuild follows
        assert len(builds) == expected, builds

    try:
        for file in ("data/figures/budget.csv", "datapackage.json", "site_src/docs/vi/about.md"):
            target = project.root / file
            for _ in range(3):  # an editor saving in steps
                target.write_bytes(target.read_bytes())
            settle(len(builds) + 1)
        for file in ("build/docs.md", "site/index.html", "README.md"):
            (project.root / file).write_text("x", encoding="utf-8")
        settle(len(builds))
        # what the watcher covers besides the project: the templates and the interface strings
        roots = {p.relative_to(serve.Path(serve.__file__).parent).as_posix() for p in serve._roots(project)
                 if serve.Path(serve.__file__).parent in p.parents}
        assert roots == {"render/templates", "strings"}
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()
