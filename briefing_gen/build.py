"""The build, top to bottom: load, check, render, write, then the site engine.

Nothing is written until every file has loaded and every check has passed;
the site engine builds into a fresh folder that replaces the published site
only when the engine succeeded, so a failed build keeps the previous site
(write.py says how the swap keeps a whole site in place at every instant).

One build at a time: whatever writes a project's outputs (``build``, ``pdf``,
the preview's regenerations) holds the build lock, ``build/.lock``, for the
whole run. A second build waits for the first (saying so once, with its pid),
then builds from the inputs as they are then; after ``LOCK_WAIT_SECONDS`` it
gives up with a BuildError (LockTimeout) and writes nothing.
"""

from __future__ import annotations

import calendar
import contextlib
import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefing_gen.check import check_corpus
from briefing_gen.config import SITE_URL_VARIABLE, config_problems, settings, site_config, theme_dirs
from briefing_gen.config import site_url as resolve_site_url
from briefing_gen.errors import BuildError, CorpusError
from briefing_gen.files import committed_outputs
from briefing_gen.history import BriefingHistory, read_history
from briefing_gen.load import Corpus, load_corpus
from briefing_gen.lock import duration, exclusive_lock, pid_note
from briefing_gen.printing import print_all
from briefing_gen.publish import site_files
from briefing_gen.recheck import Recheck
from briefing_gen.scan import ThemeScripts, scan_site, theme_scripts
from briefing_gen.site import Site
from briefing_gen.write import publish_folder, recover_folder, sync_folder

# Far longer than a build of 10,000 facts (about 1.5 minutes), far shorter than a CI job's limit.
LOCK_WAIT_SECONDS = 600.0


@dataclass(frozen=True)
class Project:
    """Where a project's inputs and outputs live."""

    root: Path

    @property
    def docs_dir(self) -> Path:
        return self.root / "build" / "docs"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def pdf_assets(self) -> Path:
        """The only folder the PDF renderer may read from (fonts)."""
        return self.root / "build" / "pdf-assets"

    @property
    def lock_file(self) -> Path:
        return self.root / "build" / ".lock"

    @property
    def theme_dir(self) -> Path:
        """Where the build puts the site's theme templates, which mkdocs.yml names as ``theme.custom_dir``."""
        return self.root / THEME_DIR


THEME_DIR = "build/theme"
THEME_TEMPLATES = Path(__file__).with_name("theme")


def theme_files(dated: bool = True) -> dict[str, bytes]:
    """The templates the site adds to its theme (see briefing_gen/theme/main.html); where no edition is known
    (``dated`` false), a sitemap without dates too."""
    files = {path.name: path.read_bytes() for path in sorted(THEME_TEMPLATES.glob("*.html"))}
    if not dated:
        files["sitemap.xml"] = (THEME_TEMPLATES / "undated" / "sitemap.xml").read_bytes()
    return files


@contextlib.contextmanager
def build_lock(project: Project) -> Iterator[None]:
    """Hold the project's build lock, waiting for another build to finish first."""
    with exclusive_lock(project.lock_file, LOCK_WAIT_SECONDS, _say_waiting):
        recover_folder(project.site_dir)  # a build killed mid-swap is finished off before anything else writes
        yield


def _say_waiting(holder: int | None) -> None:
    print(
        f"briefing_gen: waiting for another build{pid_note(holder)} to finish (giving up after {duration(LOCK_WAIT_SECONDS)})",
        file=sys.stderr,
    )


def load_and_check(project: Project, shown_before: Mapping[str, list[str]] | None = None) -> Corpus:
    """Load every file and run every check; raise once with all problems.

    ``shown_before``: where each fact was shown before the change being checked (``check --base``).
    """
    corpus, problems = load_corpus(project.root)
    problems += check_corpus(corpus, shown_before)
    problems += config_problems(project.root)
    problems += committed_outputs(project.root)
    if problems:
        raise CorpusError(problems)
    return corpus


def load_site(project: Project, env: Mapping[str, str] | None = None) -> Site:
    """The checked corpus as the pages and PDFs need it: with the settings (mkdocs.yml and the environment,
    read once) and the editions (the repository's history)."""
    corpus = load_and_check(project)
    resolved = settings(project.root, os.environ if env is None else env)
    site = Site.of(corpus, resolved.repository)
    return dataclasses.replace(site, settings=resolved, history=read_history(project.root, corpus, Recheck(corpus)))


def generate_docs(project: Project) -> tuple[Site, list[str]]:
    """Load, check, render, print the PDFs and write the docs folder; return what changed.

    Call it holding ``build_lock``: it writes build/docs and build/pdf-cache.
    """
    site = load_site(project)
    files = site_files(site)
    files.update(print_all(site, project.root, project.pdf_assets))
    sync_folder(theme_files(dated=bool(_edition_times(site))), project.theme_dir)
    return site, sync_folder(files, project.docs_dir)


def build_pdfs(project: Project, out_dir: Path) -> dict[str, bytes]:
    """Only the PDFs, into ``out_dir`` (replaced whole once all are printed)."""
    with build_lock(project):
        pdfs = print_all(load_site(project), project.root, project.pdf_assets)
        publish_folder(out_dir, lambda folder: _write_flat(pdfs, folder))
    return pdfs


def _write_flat(files: dict[str, bytes], folder: Path) -> None:
    """Each file directly in ``folder``, under its own name."""
    for name, content in files.items():
        (folder / Path(name).name).write_bytes(content)


def build_site(project: Project, site_dir: Path | None = None) -> Site:
    """The whole build: docs, then the real MkDocs build with --strict."""
    with build_lock(project):
        site, _ = generate_docs(project)
        epoch = source_date_epoch(site)
        address = site.settings.site_url
        publish_folder(site_dir or project.site_dir, lambda folder: _engine_then_scan(project, folder, epoch, address))
    return site


def _engine_then_scan(project: Project, folder: Path, epoch: str, site_url: str | None) -> None:
    run_mkdocs(project, folder, epoch, site_url)
    scan = scan_site(folder, theme_of(project, folder, site_url))  # every document read once for both checks
    if scan.active_content:
        raise BuildError(
            "active content in the built pages (scripts, event handlers, frames, script URLs):\n"
            + "\n".join(scan.active_content)
        )
    if scan.broken_links:  # MkDocs checks Markdown links; this checks what reaches the reader
        raise BuildError("broken links in the built pages:\n" + "\n".join(scan.broken_links))


def theme_of(project: Project, site_dir: Path, site_url: str | None = None) -> ThemeScripts:
    """The theme's own scripts in a built site, which the scan lets through (``site_url``: the address built for)."""
    config = site_config(project.root)
    extra = [s for s in config.get("extra_javascript") or [] if isinstance(s, str)]
    address = site_url or resolve_site_url(config, os.environ) or ""
    return theme_scripts(site_dir, theme_dirs(config, project.root), extra, address)


def source_date_epoch(site: Site) -> str:
    """Dates in the output come from the content, never the clock."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "")
    if given:  # set but empty is unset, as most tools read it
        if not (given.isascii() and given.isdigit() and int(given) < EPOCH_LIMIT):
            raise BuildError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {given!r}")
        return given
    return str(content_epoch(_edition_times(site), [b.as_of for b in site.briefings]))


def _edition_times(site: Site) -> list[str]:
    """When each edition of each briefing was committed (none where the history is unavailable)."""
    return [e.commit.time for b in site.briefings for e in (site.history.of(b.id) or BriefingHistory(())).editions]


EPOCH_LIMIT = 2**32  # gzip (the sitemap) and zip stamps hold no later second: 7 February 2106


def content_epoch(edition_times: list[str], as_of_dates: list[str]) -> int:
    """The content's last change: the newest edition (the sitemap's dates say when pages were last modified), else
    the newest as-of date. A commit dated before 1970 or after 2106 (a wrong clock) is not a date to stamp."""
    stamps = [int(dt.datetime.fromisoformat(time).timestamp()) for time in edition_times]
    plausible = [stamp for stamp in stamps if 0 <= stamp < EPOCH_LIMIT]
    if plausible:
        return max(plausible)
    latest = max(as_of_dates, default="1970")
    year, month, day = ([int(part) for part in latest.split("-")] + [1, 1])[:3]
    return min(calendar.timegm((year, month, day, 0, 0, 0)), EPOCH_LIMIT - 1)


ANSI_STYLE = re.compile(r"\x1b\[[0-9;]*m")  # MkDocs colours some lines even when not on a terminal


def run_mkdocs(project: Project, site_dir: Path, epoch: str, site_url: str | None = None) -> None:
    """The real MkDocs build, told the site's address the generator resolved (mkdocs.yml reads it with !ENV)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(project.config)]
    command += ["--site-dir", str(site_dir)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    env.pop(SITE_URL_VARIABLE, None)
    env |= {SITE_URL_VARIABLE: site_url} if site_url else {}
    result = subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [ANSI_STYLE.sub("", line) for line in result.stderr.splitlines()]
        said = [line for line in lines if line.startswith(("WARNING", "ERROR", "Error", "Aborted"))]
        raise BuildError("MkDocs could not build the site:\n" + "\n".join(said or lines[-20:]))
