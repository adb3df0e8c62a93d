"""`history.row_dates`: the date each figure's row last changed, from one `git blame` per file,
on a small git repository made here (the shared builds are copies outside git)."""
from __future__ import annotations

import os
import subprocess

from cbod.derive.flat import indicator_updated
from cbod.history import record_lines, row_dates
from cbod.paths import Paths

HEADER = "indicator_id,value,note\n"


def commit(root, message, date):
    """Commit everything with author and committer dates fixed (ISO with a zone)."""
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    for args in (["add", "-A"], ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", message]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def test_each_row_gets_the_date_of_the_last_commit_that_changed_it(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    file = tmp_path / "figures.csv"
    file.write_text(HEADER + "a,1,\nb,2,\nc,3,\n", encoding="utf-8")
    commit(tmp_path, "first", "2024-03-01T10:00:00+07:00")
    # row b changes, and a row with a line break inside a quoted cell is added
    file.write_text(HEADER + 'a,1,\nb,20,\nc,3,\nd,4,"two\nlines"\n', encoding="utf-8")
    # the committer's own day: 23:30 on 4 May in Hanoi is still 4 May (16:30 UTC)
    commit(tmp_path, "second", "2024-05-04T23:30:00+07:00")
    text = file.read_text(encoding="utf-8") + "e,5,\n"  # a row not committed yet
    file.write_text(text, encoding="utf-8")
    dates = row_dates(Paths(tmp_path), "figures.csv", text)
    assert dates == {2: "2024-03-01", 3: "2024-05-04", 4: "2024-03-01", 5: "2024-05-04"}  # row 6: no date


def test_records_spanning_lines_are_counted_as_one_row():
    text = HEADER + 'a,1,"x\ny"\n\nb,2,\n'  # a quoted line break, then a blank line
    assert record_lines(text) == [(2, 3), (4, 4), (5, 5)]


def test_without_git_there_are_no_row_dates(tmp_path):
    (tmp_path / "figures.csv").write_text(HEADER + "a,1,\n", encoding="utf-8")
    assert row_dates(Paths(tmp_path), "figures.csv", HEADER + "a,1,\n") == {}


def test_an_indicator_is_as_new_as_its_newest_row():
    model = {"updated": "2025-01-01", "figures": [
        {"indicator_id": "x", "_updated": "2024-03-01"}, {"indicator_id": "x", "_updated": "2024-05-04"},
        {"indicator_id": "y", "_updated": "2023-01-01"},
        {"indicator_id": "z", "_updated": None}]}  # no git, or edited since the last commit
    assert indicator_updated(model) == {"x": "2024-05-04", "y": "2023-01-01", "z": "2025-01-01"}
