"""`build.py diff`: the reviewer's list of added, removed and changed figures between revisions."""
import subprocess
import pytest

import build
from cbod import diff
from helpers import append_row, read_rows, set_cell, write_rows

BUDGET = "data/figures/budget.csv"


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_diff_lists_added_removed_and_changed_figures(project):
    root = project.root
    git(root, "init", "-q")
    git(root, "-c", "user.email=t@t", "-c", "user.name=t", "add", "-A")
    git(root, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    file = root / BUDGET
    rows = read_rows(file)
    h = rows[0]
    changed_id = rows[1][h.index("indicator_id")]
    old_value = rows[1][h.index("value")]
    removed_id = rows[2][h.index("indicator_id")]
    set_cell(file, 2, "value", "99999")
    write_rows(file, rows[:1] + read_rows(file)[1:2] + rows[3:])  # drop the second figure
    append_row(file, {"indicator_id": "thu-ngan-sach", "period_start": "2023", "period_end": "2023",
                      "aggregation": "year", "kind": "actual", "comparator": "eq", "value": "4000",
                      "unit_id": "billion-vnd", "source_id": "bcct-dh20-2025", "locator": "test",
                      "locator_en": "test"})
    result = diff.diff(root, "HEAD", None)
    assert [r["indicator_id"] for r in result["added"]] == ["thu-ngan-sach"]
    assert [r["indicator_id"] for r in result["removed"]] == [removed_id]
    ((old, new, cols),) = result["changed"]
    assert new["indicator_id"] == changed_id and cols == ["value"]
    text = diff.markdown(result, "HEAD", None)
    assert "1 added, 1 removed, 1 changed figures." in text
    assert (old["value"], new["value"]) == (old_value, "99999")
    line = next(l for l in text.splitlines() if l.startswith(f"| {changed_id} |"))
    assert f"{old_value} billion-vnd → " in line and "99999 billion-vnd |" in line


def test_diff_of_identical_revisions_is_empty(project):
    root = project.root
    git(root, "init", "-q")
    git(root, "-c", "user.email=t@t", "-c", "user.name=t", "add", "-A")
    git(root, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    assert diff.diff(root, "HEAD", "HEAD") == {"added": [], "removed": [], "changed": []}


@pytest.mark.parametrize("rev", ["--output=/tmp/x", "-p", "HEAD~99", "no-such-branch", "HEAD:data", "a b", ""])
def test_diff_refuses_what_is_not_a_revision(project, rev, capsys):
    root = project.root
    git(root, "init", "-q")
    git(root, "-c", "user.email=t@t", "-c", "user.name=t", "add", "-A")
    git(root, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    with pytest.raises(diff.BadRevision):
        diff.diff(root, rev, None)
    # after "--" argparse passes even "-p" on as a revision: the check refuses it
    assert build.main(["--root", str(root), "diff", "--", "HEAD", rev]) == 2
    err = capsys.readouterr().err
    assert "not a git revision" in err or "knows no commit" in err
