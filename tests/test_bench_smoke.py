"""The benchmark runs to the end on a tiny corpus (a smoke test: no time is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_benchmark_runs_and_reports_every_stage_and_ratio(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    command = [sys.executable, "-m", "tests.benchmarks.run", "--sizes", "30,60", "--runs", "1", "--edits", "3"]
    command += ["--out", str(out)]
    result = subprocess.run(
        command,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["stages"]["60"]) == {
        "load",
        "check",
        "alignment",
        "history",
        "render",
        "export",
        "write",
        "mkdocs",
        "scan",
        "markdown",
        "pdf-serial",
        "pdf-parallel",
    }
    assert set(report["ratios"]) >= {
        "generator_share",
        "check_seconds",
        "scan_share",
        "scaling",
        "peak_mb",
        "engine_vs_floor",
        "pdf_speedup",
    }
    assert report["edits"] == 3  # a history of three commits after the corpus's first three
    assert report["incremental"]["60"]["unchanged_rebuild_rewrites"] == 0
    assert report["incremental"]["60"]["one_fact_edit_rewrites"] > 0  # the edit did reach the pages
    assert "generator_share" in result.stdout and "MB" in result.stdout
