"""What a change does to the briefings, for the reviewer of a pull request.

``summarise`` compares two corpora: facts added, removed and changed (claims
before and after), citations added and dropped, new disagreements between
sources, and the briefings (and so PDFs) whose pages change. ``corpus_at``
reads a corpus as it was at a git revision, without touching the work tree.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from briefing_gen import git
from briefing_gen import markdown_text as md
from briefing_gen.check import check_corpus
from briefing_gen.errors import BuildError
from briefing_gen.load import load_corpus
from briefing_gen.models import Citation, Fact
from briefing_gen.render import render_site
from briefing_gen.site import Site, briefing_path

INPUTS = ("content", "sources", "mkdocs.yml")
CONTENT_PATHS = ("content/", "sources/")


@dataclass(frozen=True)
class Side:
    """One revision's facts, and its rendered pages when it passes check."""

    facts: dict[str, Fact]
    titles: dict[str, str]  # briefing page path -> title
    pages: dict[str, bytes] | None


def side_of(root: Path) -> Side:
    corpus, problems = load_corpus(root)
    problems += check_corpus(corpus)
    site = Site.of(corpus)
    pages = None if problems else render_site(site)
    return Side(site.facts, {briefing_path(b): b.title for b in site.briefings}, pages)


def commit_of(root: Path, revision: str) -> str:
    """The commit a revision names; never an option, whatever the revision's spelling."""
    result = git.run(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if result.returncode != 0:
        raise BuildError(f"cannot read revision '{revision}': git knows no such commit")
    return result.stdout.decode().strip()


def corpus_at(root: Path, commit: str, into: Path) -> Path:
    """Extract the inputs as they were at ``commit`` (a resolved commit id) into ``into``."""
    listed = git.run(root, "ls-tree", "--name-only", commit, "--", *INPUTS)
    present = listed.stdout.decode().split() if listed.returncode == 0 else list(INPUTS)
    result = git.run(root, "archive", "--format=tar", commit, "--", *present)
    if result.returncode != 0:
        raise BuildError(f"cannot read commit {commit}: {result.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        archive.extractall(into, filter=_files_and_folders_only)
    return into


def _files_and_folders_only(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """Links in an old revision are left out: the loader refuses them anyway, and they may point anywhere."""
    return tarfile.data_filter(member, path) if member.isfile() or member.isdir() else None


def changed_outside_content(root: Path, commit: str) -> list[str]:
    """Files this change touches beyond facts and sources: code and configuration a maintainer reviews."""
    result = git.run(root, "diff", "--name-only", "--no-renames", "--end-of-options", commit, "--")
    names = result.stdout.decode(errors="replace").splitlines() if result.returncode == 0 else []
    return sorted(name for name in names if not name.startswith(CONTENT_PATHS))


def diff_against(root: Path, revision: str) -> str:
    commit = commit_of(root, revision)
    with tempfile.TemporaryDirectory() as folder:
        base = side_of(corpus_at(root, commit, Path(folder)))
    return summarise(base, side_of(root), md.code_span(revision), changed_outside_content(root, commit))


def summarise(base: Side, head: Side, revision: str, code: list[str] | None = None) -> str:
    lines = [f"## What this change does to the briefings (against `{revision}`)", ""]
    if code:
        count = f"{len(code)} file(s)"
        lines += [f"**This change also touches code or configuration ({count}); a maintainer must review it:**", ""]
        lines += [*[f"- `{md.code_span(name)}`" for name in code], ""]
    added = [head.facts[i] for i in head.facts if i not in base.facts]
    removed = [base.facts[i] for i in base.facts if i not in head.facts]
    changed = [(base.facts[i], head.facts[i]) for i in head.facts if i in base.facts and base.facts[i] != head.facts[i]]
    content = _section("Facts added", [_fact_line(f) for f in added])
    content += _section("Facts removed", [_fact_line(f) for f in removed])
    content += _section("Facts changed", [line for old, new in changed for line in _changes(old, new)])
    content += _section("New disagreements between sources", _new_conflicts(base, head))
    content += _section("Briefings and PDFs that change", _changed_briefings(base, head))
    content += _section("Other pages that change", _changed_other_pages(base, head))
    lines += content or ["No fact, citation or briefing changes."]
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(title: str, items: list[str]) -> list[str]:
    return [f"### {title} ({len([i for i in items if i.startswith('- ')])})", "", *items, ""] if items else []


def _fact_line(fact: Fact) -> str:
    return f"- `{fact.id}`: {md.text(fact.claim)}"


def _changes(old: Fact, new: Fact) -> list[str]:
    lines = [f"- `{new.id}`"]
    if old.claim != new.claim:
        lines += [f"  - claim before: {md.text(old.claim)}", f"  - claim after: {md.text(new.claim)}"]
    before, after = _citations(old), _citations(new)
    lines += [f"  - citation added: {_citation(c)}" for key, c in after.items() if key not in before]
    lines += [f"  - citation dropped: {_citation(c)}" for key, c in before.items() if key not in after]
    lines += [
        f"  - editors' reading of {_citation(c)}: {_reading(before[key])} → {_reading(c)}"
        for key, c in after.items()
        if key in before and before[key].reading != c.reading
    ]
    for field in ("topic", "date", "date_basis", "differs_on", "difference"):
        if getattr(old, field) != getattr(new, field):
            lines.append(f"  - {field}: {md.text(str(getattr(old, field)))} → {md.text(str(getattr(new, field)))}")
    return lines


def _citations(fact: Fact) -> dict[tuple[str, str], Citation]:
    return {(c.source, c.quote): c for c in fact.citations}


def _citation(citation: Citation) -> str:
    return f"`{citation.source}`: “{md.text(citation.quote)}”"


def _reading(citation: Citation) -> str:
    reading = citation.reading
    return f"“{md.text(reading.means)}” ({reading.reason})" if reading else "none"


def _new_conflicts(base: Side, head: Side) -> list[str]:
    lines = []
    for fact in head.facts.values():
        before = base.facts.get(fact.id)
        conflict = fact.differs_on and fact.difference == "conflict"  # wording that varies is no conflict
        if conflict and (before is None or _reports(before) != _reports(fact)):
            values = "; ".join(f"`{c.source}` reports “{md.text(c.reports or '')}”" for c in fact.citations)
            lines.append(f"- `{fact.id}` ({md.text(fact.differs_on)}): {values}")
    return lines


def _reports(fact: Fact) -> set[tuple[str, str | None]]:
    return {(c.source, c.reports) for c in fact.citations}


def _changed_briefings(base: Side, head: Side) -> list[str]:
    if base.pages is None or head.pages is None:
        broken = "the base revision" if base.pages is None else "this change"
        return [f"- Not compared: {broken} does not pass `check`."]
    titles = {**base.titles, **head.titles}
    changed = [path for path in titles if base.pages.get(path) != head.pages.get(path)]
    return [f"- {md.text(titles[path])} (`{path}`, its PDF and the combined PDF)" for path in sorted(changed)]


def _changed_other_pages(base: Side, head: Side) -> list[str]:
    if base.pages is None or head.pages is None:
        return []
    paths = (head.pages.keys() | base.pages.keys()) - (base.titles.keys() | head.titles.keys())
    return [f"- `{path}`" for path in sorted(paths) if base.pages.get(path) != head.pages.get(path)]
