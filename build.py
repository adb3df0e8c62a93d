#!/usr/bin/env python3
"""Cao Bằng Open Data — command line.

  python build.py check    validate the data (Frictionless + domain rules), build nothing
  python build.py build    validate, derive, render and build the site into site/
  python build.py serve    build and serve a preview on http://127.0.0.1:8000/; every edit to
                           the data, templates or pages rebuilds it and reloads the browser
  python build.py diff BASE [HEAD]   figures added, removed and changed between two git revisions
  python build.py numbers PATH --source ID   numbers of a new document, and which are in the data
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cbod import coverage, pipeline
from cbod.paths import Paths


def report(result) -> None:
    for line in result.report.lines():
        print(line)
    n_err, n_warn = len(result.report.errors), len(result.report.warnings)
    if result.ok and result.model is not None:
        for line in pipeline.summary(result.model, result.derived):
            print(line)
    print(f"{'OK' if result.ok else 'FAILED'}: {n_err} error(s), {n_warn} warning(s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate the data without building")
    sub.add_parser("build", help="build the site into site/")
    serve = sub.add_parser("serve", help="build, serve a preview, rebuild and reload on every change")
    serve.add_argument("--port", type=int, default=8000)
    diff = sub.add_parser("diff", help="figures added/removed/changed between two git revisions (Markdown)")
    diff.add_argument("base", help="git revision to compare from, e.g. origin/main")
    diff.add_argument("head", nargs="?", default=None, help="git revision to compare to (default: working tree)")
    numbers = sub.add_parser("numbers", help="list the numbers of a plain-text document and mark those in the data",
                             description=coverage.HELP + coverage.RULES,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
    numbers.add_argument("path", help="the document, a UTF-8 plain-text file (never stored in the repository)")
    numbers.add_argument("--source", required=True, metavar="SOURCE_ID", help="id in data/catalogues/sources.csv")
    numbers.add_argument("--missing", action="store_true", help="show only the numbers not in the data")
    numbers.add_argument("--excluded", action="store_true", help="also show the numbers left out, with their rule")
    parser.add_argument("--root", default=None, help="project folder (default: this one)")
    args = parser.parse_args(argv)
    paths = Paths() if args.root is None else Paths(Path(args.root).resolve())

    if args.command == "numbers":
        return coverage.command(paths, args.path, args.source, args.missing, args.excluded)
    if args.command == "diff":
        from cbod import diff as data_diff

        try:
            changes = data_diff.diff(paths.root, args.base, args.head)
        except data_diff.BadRevision as exc:
            print(f"diff: {exc}", file=sys.stderr)
            return 2
        print(data_diff.markdown(changes, args.base, args.head))
        return 0
    if args.command == "serve":
        from cbod.serve import serve as serve_preview

        return serve_preview(paths, args.port)
    if args.command == "check":
        result = pipeline.check(paths)
        report(result)
        return int(not result.ok)
    result = pipeline.build(paths)
    report(result)
    if not result.ok:
        print("site/ was left unchanged.", file=sys.stderr)
        return 1
    print("timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
