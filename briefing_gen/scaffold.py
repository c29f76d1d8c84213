"""Starting a new site: ``new DIR`` writes a small project that ``check`` and ``build`` accept at once.

The files come from ``briefing_gen/starter/`` (and the JSON Schemas from the models): the site
configuration, one topic, an example report the generator wrote about how the site works (never a
made-up news story), three facts quoting it, a briefing, the home page, the stylesheet, the issue
form each fact's "report an error" link opens, and a GitHub workflow that checks, builds and
publishes the site with the generator pinned to one commit. The workflow names the generator's
repository and commit where the generator's own checkout says them; what it cannot establish is
printed, for the team to fill in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from briefing_gen import git
from briefing_gen import markdown_text as md
from briefing_gen.errors import CommandError
from briefing_gen.models import visible
from briefing_gen.schema import SCHEMA_DIR, schema_files
from briefing_gen.site import REPORT_FORM

STARTER = "starter"
# Where each starter file goes in the new project.
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "site.yml": ".github/workflows/site.yml",
    # The form each fact's "report an error" link opens, with the fact's id in its 'fact' field.
    REPORT_FORM: f".github/ISSUE_TEMPLATE/{REPORT_FORM}",
    "topics.yaml": "content/topics.yaml",
    "facts.yaml": "content/facts/how-it-works.yaml",
    "briefing.yaml": "content/briefings/how-it-works.yaml",
    "home.md": "content/pages/home.md",
    "briefing.css": "content/pages/assets/briefing.css",
    "example-report.txt": "sources/example-report.txt",
    "example-report.yaml": "sources/example-report.yaml",
}
PLACEHOLDER_REPOSITORY = "OWNER/briefing_gen"
_GITHUB = re.compile(r"(?:https://github\.com/|git@github\.com:)([\w.-]+/[\w.-]+?)(?:\.git)?/?")


@dataclass(frozen=True)
class Generator:
    """The generator's GitHub repository and commit, for the new site's workflow (None where unknown)."""

    repository: str | None
    commit: str | None


@dataclass(frozen=True)
class Started:
    folder: Path
    files: list[str]
    missing: list[str]


def start_site(folder: Path, title: str | None, today: dt.date | None = None) -> Started:
    """Write a new project into ``folder`` (new, or empty); never overwrite anything, never leave half of one."""
    try:
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise CommandError(f"{folder} already exists and is not empty; give a new folder")
        generator = generator_checkout()
        values = _values(_title(title, folder), generator, (today or dt.date.today()).isoformat())
        files = {target: _filled(_starter(name), values) for name, target in FILES.items()}
        # The schemas the files' first lines name, so an editor completes and checks fields from the start.
        files |= {f"{SCHEMA_DIR}/{name}": content for name, content in schema_files().items()}
        _write_project(folder, files)
    except OSError as error:
        raise CommandError(
            f"cannot create {folder}: {error.strerror or error}; give a folder you can write in"
        ) from None
    return Started(folder, sorted(files), _missing(generator))


def _write_project(folder: Path, files: dict[str, bytes]) -> None:
    """Write the files into a new folder beside ``folder``, then put it in place in one step."""
    above = next(parent for parent in folder.parents if parent.exists() or parent == parent.parent)
    if not above.is_dir():
        raise CommandError(f"cannot create {folder}: {above} is a file, not a folder")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{folder.name}.new-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        for target, content in files.items():
            path = staging / target
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        staging.rename(folder)  # also in place of an empty folder
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _starter(name: str) -> bytes:
    return resources.files("briefing_gen").joinpath(STARTER, name).read_bytes()


def _filled(template: bytes, values: dict[str, str]) -> bytes:
    text = template.decode("utf-8")
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", value)
    return text.encode("utf-8")


def _values(title: str, generator: Generator, today: str) -> dict[str, str]:
    return {
        "TITLE_MARKDOWN": md.text(title),  # the text of a heading: no markup, and a closing '#' kept
        "TITLE_YAML": json.dumps(html_text(title), ensure_ascii=False),
        "AS_OF": today,
        "ARCHIVED": today,
        "SHA256": hashlib.sha256(_starter("example-report.txt")).hexdigest(),
        "GENERATOR_REPOSITORY": generator.repository or PLACEHOLDER_REPOSITORY,
        "GENERATOR_COMMIT": generator.commit or "0" * 40,
    }


def _title(given: str | None, folder: Path) -> str:
    """The site's title on one line; refused if it holds a character a reader cannot see."""
    title = " ".join((given if given is not None else _title_from(folder)).split())
    if not title:
        raise CommandError("--title is empty; give the site's title, or leave --title out to take the folder's name")
    try:
        return visible(title)
    except ValueError as error:
        raise CommandError(f"--title {error}") from None


def html_text(title: str) -> str:
    """The title as MkDocs' site_name, which themes write into HTML as it stands (the <title>, attributes).

    Escaped as ``markdown_text.front_matter`` escapes a page title: '&' only where a browser would read a
    character reference, so 'Drones & airports' reads the same where a theme escapes it again.
    """
    escaped = re.sub(r"&(?=[A-Za-z0-9#])", "&amp;", title)
    return escaped.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")


def _title_from(folder: Path) -> str:
    words = re.split(r"[-_\s]+", folder.resolve().name)
    return " ".join(words).strip().capitalize() or "Briefings"


def generator_checkout() -> Generator:
    """Where this generator comes from, if it runs from a git checkout whose origin is on GitHub."""
    root = Path(__file__).resolve().parent.parent
    if not (root / ".git").exists():
        return Generator(None, None)
    commit = git.output(root, "rev-parse", "--verify", "--quiet", "HEAD")
    origin = git.output(root, "remote", "get-url", "origin")
    found = _GITHUB.fullmatch(origin)
    return Generator(found.group(1) if found else None, commit if re.fullmatch(r"[0-9a-f]{40}", commit) else None)


def _missing(generator: Generator) -> list[str]:
    workflow = FILES["site.yml"]
    missing = []
    if generator.repository is None:
        missing.append(
            f"GENERATOR_REPOSITORY in {workflow}: this generator's checkout has no GitHub origin; "
            f"write the repository you build with (owner/name) in place of {PLACEHOLDER_REPOSITORY}"
        )
    if generator.commit is None:
        missing.append(
            f"GENERATOR_COMMIT in {workflow}: this generator is not a git checkout; write the full commit id "
            "of the generator you build with"
        )
    return missing
