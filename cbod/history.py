"""What git knows about the data (part of the load stage): when it last changed.

Dates come from commits, so a given commit always builds the same pages. Without git (a
copy of the files, an archive), the date of the newest source document stands in."""
from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import datetime, timedelta, timezone

from .paths import Paths


def data_updated(paths: Paths, sources: list[dict]) -> str:
    """Date (YYYY-MM-DD) of the last commit that touched data/ or datapackage.json."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "data", "datapackage.json"],
                             cwd=paths.root, capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return max((src.get("date") or "" for src in sources), default="")


def _commit_date(epoch: str, tz: str) -> str:
    """A commit's date as its committer saw it (like git's %cs): epoch seconds and '+0700'."""
    sign = -1 if tz.startswith("-") else 1
    offset = timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5])) * sign
    return datetime.fromtimestamp(int(epoch), timezone(offset)).strftime("%Y-%m-%d")


def blame_lines(paths: Paths, relative: str) -> list[str | None] | None:
    """The commit date of every line of a file (index 0 = line 1), from one
    `git blame --line-porcelain` of the working copy; None for a line not committed yet.
    None when git cannot tell (no git, not a repository, file not tracked)."""
    try:
        out = subprocess.run(["git", "blame", "--line-porcelain", "--", relative],
                             cwd=paths.root, capture_output=True, text=True, timeout=30, encoding="utf-8")
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    # --line-porcelain: per line a header "<sha> <orig> <final> [<n>]", key-value lines, then
    # the line itself after a tab. Lines not committed yet have the all-zero sha.
    dates: list[str | None] = []
    sha = epoch = tz = None
    for line in out.stdout.split("\n"):
        if line.startswith("\t"):
            committed = sha is not None and sha.strip("0")
            dates.append(_commit_date(epoch, tz) if committed and epoch and tz else None)
            sha = epoch = tz = None
        elif sha is None and _HEADER.match(line):
            sha = line[:40]
        elif line.startswith("committer-time "):
            epoch = line.split(" ", 1)[1]
        elif line.startswith("committer-tz "):
            tz = line.split(" ", 1)[1]
    return dates


_HEADER = re.compile(r"^[0-9a-f]{40} \d+ \d+")


def record_lines(text: str) -> list[tuple[int, int]]:
    """First and last line (1-based) of every CSV record after the header: a quoted cell may
    hold line breaks, so a record can span lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    spans, last = [], 0
    for number, _ in enumerate(reader):
        first, last = last + 1, reader.line_num
        if number:
            spans.append((first, last))
    return spans


def row_dates(paths: Paths, relative: str, text: str) -> dict[int, str]:
    """Row number as load numbers them (header = 1, blank lines skipped) -> date of the newest
    commit that touched the row. Empty without git; a row with a line not committed yet gets
    no date (the build falls back to the data's date)."""
    lines = blame_lines(paths, relative)
    if not lines:
        return {}
    out = {}
    for row, (first, last) in enumerate(record_lines(text), start=2):
        dates = lines[first - 1:last]
        if dates and all(dates):
            out[row] = max(dates)
    return out


def newest_per_key(dates_by_row: list[tuple[str, str | None]], fallback: str) -> dict[str, str]:
    """key -> the newest date among its rows; a key with a row of no date gets at least `fallback`
    (that row changed after the last commit, or git was not there)."""
    out: dict[str, str] = {}
    for key, date in dates_by_row:
        date = date or fallback
        if date and date > out.get(key, ""):
            out[key] = date
    return out
