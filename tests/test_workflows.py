"""The GitHub Actions workflows: audited by zizmor (pinned in requirements/dev.txt), offline,
with no medium or high finding; the Pages deploy installs the build set only."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"


def zizmor(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "zizmor"
    exe = str(exe) if exe.exists() else shutil.which("zizmor")
    assert exe, "zizmor is missing: make test installs requirements/dev.txt"
    return subprocess.run([exe, "--offline", "--no-progress", "--min-severity", "medium", *args],
                          capture_output=True, text=True, timeout=60,
                          env={k: v for k, v in os.environ.items() if k != "GH_TOKEN"})


def test_workflows_have_no_medium_or_high_finding():
    result = zizmor(str(WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_audit_does_fail_on_an_unsafe_workflow(tmp_path):
    """The control: a branch name expanded into a script, persisted credentials."""
    bad = tmp_path / "bad.yml"
    bad.write_text("""name: bad
on: pull_request
jobs:
  diff:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2
      - run: echo "${{ github.head_ref }}"
""", encoding="utf-8")
    result = zizmor(str(bad))
    assert result.returncode != 0
    for audit in ("template-injection", "artipacked"):
        assert audit in result.stdout, (audit, result.stdout)


def steps(workflow: str, job: str) -> list[dict]:
    return yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))["jobs"][job]["steps"]


def test_pages_deploy_builds_with_the_build_set_only():
    runs = [s["run"] for s in steps("pages.yml", "build") if "run" in s]
    assert "make site" in runs
    assert not any("pip" in r or "dev.txt" in r or "make test" in r for r in runs), runs
    # what `make site` would run from scratch (-B: every target out of date; -n: print only)
    plan = subprocess.run(["make", "-n", "-B", "site"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert plan.returncode == 0, plan.stderr
    assert "-r requirements/build.txt" in plan.stdout and "--require-hashes" in plan.stdout
    assert "dev.txt" not in plan.stdout, plan.stdout


def test_ci_runs_the_full_test_suite():
    assert "make test" in [s.get("run") for s in steps("ci.yml", "test")]
