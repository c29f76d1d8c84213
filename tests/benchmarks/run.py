"""`make bench`: stage times, ratios and peak memory on synthetic corpora.

    python -m tests.benchmarks.run [--sizes 1000,10000] [--runs 3] [--edits 100] [--out build/bench/results.json]

For each size: a seeded corpus, then each stage in its own process, ``--runs``
times, reporting the median time and the largest peak memory. Then the ratios
the targets are about, measured side by side in this one run. Timings are
this machine's; the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
from pathlib import Path

from briefing_gen.build import Project, load_site
from briefing_gen.publish import site_files
from briefing_gen.write import sync_folder
from tests.benchmarks.corpus import write_corpus

GENERATOR = ("load", "check", "history", "render", "export", "write")
# "alignment" is part of "check", timed alone to show what holding sentences to quotes costs.
STAGES = (
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
)
BUILD = (*GENERATOR, "mkdocs", "scan")  # everything `make site` does but the PDFs
TARGETS = {
    "generator_share": 0.10,
    "check_seconds": 1.5,
    "scaling": 11.0,
    "peak_mb": 400.0,
    "engine_vs_floor": 3.5,
    "pdf_speedup": 1.6,
}


def measure(stage: str, root: Path, runs: int) -> dict[str, float]:
    results = []
    for _ in range(runs):
        command = [sys.executable, "-m", "tests.benchmarks.stage", stage, str(root)]
        output = subprocess.run(
            command, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"}
        )
        results.append(json.loads(output.stdout))
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    median["peak_mb"] = max(r["peak_mb"] for r in results)
    return median


def incremental(root: Path) -> dict[str, int]:
    """Markdown files rewritten by a rebuild with nothing changed, and by a one-fact edit."""
    project = Project(root)

    def regenerate() -> list[str]:
        return sync_folder(site_files(load_site(project, env={})), project.docs_dir / "incremental")

    regenerate()
    unchanged = regenerate()
    facts = sorted((root / "content" / "facts").glob("*.yaml"))[0]
    text = facts.read_text(encoding="utf-8")
    claim = json.loads(text)["facts"][7]["claim"]
    facts.write_text(text.replace(claim, claim.replace("; ", "; edited, ", 1), 1), encoding="utf-8")
    try:
        edited = regenerate()
    finally:
        facts.write_text(text, encoding="utf-8")
    return {"unchanged_rebuild_rewrites": len(unchanged), "one_fact_edit_rewrites": len(edited)}


def ratios(by_size: dict[int, dict[str, dict[str, float]]]) -> dict[str, float]:
    small, large = min(by_size), max(by_size)
    stage = by_size[large]

    def total(size: int) -> float:
        return sum(by_size[size][s]["seconds"] for s in BUILD)

    growth = total(large) / total(small)
    return {
        "generator_share": sum(stage[s]["seconds"] for s in GENERATOR) / stage["mkdocs"]["seconds"],
        "check_seconds": stage["check"]["seconds"],  # alignment included, at the largest size
        "alignment_share_of_check": stage["alignment"]["seconds"] / stage["check"]["seconds"],
        "scan_share": stage["scan"]["seconds"] / stage["mkdocs"]["seconds"],
        "scaling": growth,
        "scaling_exponent": math.log(growth) / math.log(large / small) if large != small else 1.0,
        "peak_mb": max(stage[s]["peak_mb"] for s in BUILD),
        "engine_vs_floor": stage["mkdocs"]["seconds"] / stage["markdown"]["seconds"],
        "pdf_speedup": stage["pdf-serial"]["seconds"] / stage["pdf-parallel"]["seconds"],
        "pdf_pages_per_second": stage["pdf-parallel"]["pages"] / stage["pdf-parallel"]["seconds"],
    }


def table(
    by_size: dict[int, dict[str, dict[str, float]]], found: dict[str, float], changes: dict[int, dict[str, int]]
) -> str:
    sizes = sorted(by_size)
    lines = ["stage          " + "".join(f"{f'{n} facts':>24}" for n in sizes)]
    for stage in STAGES:
        cells = "".join(
            f"{by_size[n][stage]['seconds']:>12.2f} s {by_size[n][stage]['peak_mb']:>6.0f} MB" for n in sizes
        )
        lines.append(f"{stage:<15}{cells}")
    lines.append("")
    for name, value in found.items():
        target = TARGETS.get(name)
        verdict = (
            ""
            if target is None
            else ("  meets" if (value <= target if name != "pdf_speedup" else value >= target) else "  MISSES")
        )
        bound = "" if target is None else f" (target {'>=' if name == 'pdf_speedup' else '<='} {target})"
        lines.append(f"{name:<22}{value:>10.3f}{bound}{verdict}")
    for size, counts in changes.items():
        lines.append(f"incremental at {size} facts: {counts}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=0, help="commits after the first three, one claim each")
    parser.add_argument("--out", type=Path, default=Path("build/bench/results.json"))
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    by_size: dict[int, dict[str, dict[str, float]]] = {}
    changes: dict[int, dict[str, int]] = {}
    for size in sizes:
        root = write_corpus(Path("build/bench") / f"corpus-{size}", size, edits=args.edits)
        by_size[size] = {stage: measure(stage, root.resolve(), args.runs) for stage in STAGES}
        changes[size] = incremental(root)
    found = ratios(by_size)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0], "platform": sys.platform}
    args.out.write_text(
        json.dumps(
            {
                "machine": machine,
                "runs": args.runs,
                "edits": args.edits,
                "stages": by_size,
                "ratios": found,
                "incremental": changes,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(table(by_size, found, changes))
    print(f"\nJSON: {args.out}")


if __name__ == "__main__":
    main()
