"""`new DIR` starts a site that check and build accept at once; a second team builds its own subject from it."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from briefing_gen import scaffold
from briefing_gen.build import Project, load_site
from briefing_gen.render import render_site
from tests.conftest import REPO, SITE_URL, Run, on_github_actions
from tests.test_workflows import actionlint, unpinned

PAGES = Path(__file__).parent / "fixtures" / "pages"
COMMIT = "3" * 40
FILES = [
    ".github/ISSUE_TEMPLATE/report-an-error.yml",
    ".github/workflows/site.yml",
    ".gitignore",
    "README.md",
    "content/briefings/how-it-works.yaml",
    "content/facts/how-it-works.yaml",
    "content/pages/assets/briefing.css",
    "content/pages/home.md",
    "content/schemas/briefing.schema.json",
    "content/schemas/context.schema.json",
    "content/schemas/facts.schema.json",
    "content/schemas/source.schema.json",
    "content/schemas/topics.schema.json",
    "content/schemas/withdrawn.schema.json",
    "content/topics.yaml",
    "mkdocs.yml",
    "sources/example-report.txt",
    "sources/example-report.yaml",
]


@pytest.fixture(autouse=True)
def known_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generator's repository and commit, as a checkout cloned from GitHub would give them."""
    monkeypatch.setattr(scaffold, "generator_checkout", lambda: scaffold.Generator("example/briefing_gen", COMMIT))


def start(run: Run, folder: Path, *args: str) -> str:
    code, out, err = run(folder.parent, "new", str(folder), *args)
    assert (code, err) == (0, ""), err
    return out


def test_new_writes_a_small_project_that_check_and_build_accept(tmp_path: Path, run: Run) -> None:
    folder = tmp_path / "drone-briefings"
    assert start(run, folder) == (
        f"Started a site in {folder}: 18 files\n"
        + "".join(f"  {name}\n" for name in FILES)
        + f"Next: cd {folder} && python -m briefing_gen check (with the generator's virtualenv)\n"
    )
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == FILES
    assert run(folder, "check") == (0, "OK: 3 facts, 3 quotes checked against 1 archived source, 1 briefing.\n", "")
    code, out, err = run(folder, "build")
    assert (code, err) == (0, "")
    assert out == f"Built 1 briefing, its PDF and 1 source page into {folder / 'site'}\n"
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Drone briefings - Drone briefings</title>" in home  # the home page title, then the site name
    assert (folder / "site" / "briefings" / "how-it-works" / "index.html").is_file()
    assert (folder / "site" / "topics" / "index.html").is_file()
    for path in folder.rglob("*.yaml"):  # each names a schema the project has, for editors
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert (path.parent / first.split("$schema=", 1)[1]).is_file(), path
    example = (folder / "sources" / "example-report.yaml").read_text(encoding="utf-8")
    assert f"archived: {dt.date.today().isoformat()}\n" in example


def test_new_refuses_a_folder_with_files_in_it(tmp_path: Path, run: Run) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    assert run(tmp_path, "new", str(tmp_path / "taken")) == (
        1,
        "",
        f"error: {tmp_path / 'taken'} already exists and is not empty; give a new folder\n",
    )


def test_new_under_a_file_or_where_nothing_can_be_made_is_a_message_not_a_traceback(tmp_path: Path, run: Run) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert run(tmp_path, "new", str(tmp_path / "notes.txt" / "drones" / "site")) == (
        1,
        "",
        f"error: cannot create {tmp_path / 'notes.txt' / 'drones' / 'site'}: {tmp_path / 'notes.txt'} is a file, "
        "not a folder\n",
    )
    assert run(tmp_path, "new", "/proc/briefings") == (
        1,
        "",
        "error: cannot create /proc/briefings: No such file or directory; give a folder you can write in\n",
    )


def test_new_leaves_nothing_behind_when_writing_fails_part_way(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[Path] = []
    write_bytes = Path.write_bytes

    def fill_the_disk(path: Path, content: bytes) -> int:
        if len(written) == 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        written.append(path)
        return write_bytes(path, content)

    monkeypatch.setattr(Path, "write_bytes", fill_the_disk)
    (tmp_path / "site").mkdir()  # an empty folder, as `new` accepts
    assert run(tmp_path, "new", str(tmp_path / "site")) == (
        1,
        "",
        f"error: cannot create {tmp_path / 'site'}: No space left on device; give a folder you can write in\n",
    )
    assert len(written) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no half-written project beside it
    assert list((tmp_path / "site").iterdir()) == []


def test_new_says_what_the_workflow_still_needs(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scaffold, "generator_checkout", lambda: scaffold.Generator(None, None))
    out = start(run, tmp_path / "site")
    assert out.endswith(
        "Not established; fill it in before the workflow can run:\n"
        "- GENERATOR_REPOSITORY in .github/workflows/site.yml: this generator's checkout has no GitHub origin; "
        "write the repository you build with (owner/name) in place of OWNER/briefing_gen\n"
        "- GENERATOR_COMMIT in .github/workflows/site.yml: this generator is not a git checkout; write the full "
        "commit id of the generator you build with\n"
        f"Next: cd {tmp_path / 'site'} && python -m briefing_gen check (with the generator's virtualenv)\n"
    )


@pytest.mark.parametrize(
    ("origin", "repository"),
    [
        ("https://github.com/example/briefing_gen.git", "example/briefing_gen"),
        ("git@github.com:example/briefing_gen.git", "example/briefing_gen"),
        ("https://github.com/example/briefing_gen", "example/briefing_gen"),
        ("/work/briefing_gen", None),
    ],
)
def test_the_generator_repository_is_read_from_a_github_origin(origin: str, repository: str | None) -> None:
    found = scaffold._GITHUB.fullmatch(origin)
    assert (found.group(1) if found else None) == repository


def test_the_new_sites_workflow_is_pinned_linted_and_names_the_generator(tmp_path: Path, run: Run) -> None:
    start(run, tmp_path / "site")
    path = tmp_path / "site" / ".github" / "workflows" / "site.yml"
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert unpinned(workflow) == []
    assert workflow["env"] == {"GENERATOR_REPOSITORY": "example/briefing_gen", "GENERATOR_COMMIT": COMMIT}
    assert workflow["permissions"] == {"contents": "read"}
    result = actionlint(path)
    assert (result.returncode, result.stdout) == (0, "")
    zizmor = Path(sys.executable).with_name("zizmor")
    checked = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", str(path.parent.parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The same pinned actions as this repository's own workflows, so they are updated together.
    ours = "".join(p.read_text(encoding="utf-8") for p in (REPO / ".github" / "workflows").glob("*.yml"))
    for action in re.findall(r"uses: (\S+@[0-9a-f]{40})", path.read_text(encoding="utf-8")):
        assert f"uses: {action}" in ours


def test_the_report_an_error_links_of_a_new_site_open_the_form_it_writes(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "site"
    start(run, folder)
    # In GitHub Actions the repository is known, so every fact gets the link.
    for name, value in {"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GITHUB_REPOSITORY", "team/drones")
    pages = render_site(load_site(Project(folder)))
    page = pages["briefings/how-it-works.md"].decode("utf-8")
    links = re.findall(r"\[report an error\]\(([^)]*)\)", page)
    assert len(links) == 3
    assert links[0] == (
        "https://github.com/team/drones/issues/new?template=report-an-error.yml"
        "&title=Error%20in%20fact%3A%20facts-rest-on-quotes&fact=facts-rest-on-quotes"
    )
    form = folder / ".github" / "ISSUE_TEMPLATE" / "report-an-error.yml"
    fields = [field.get("id") for field in yaml.safe_load(form.read_text(encoding="utf-8"))["body"]]
    assert "fact" in fields  # GitHub fills the field named by the link's 'fact' parameter
    # The same form as this repository's own, so the two are kept in step.
    assert form.read_bytes() == (REPO / ".github" / "ISSUE_TEMPLATE" / "report-an-error.yml").read_bytes()


def test_the_title_is_text_in_every_place_it_lands(tmp_path: Path, run: Run) -> None:
    """Markdown headings (home page, README), mkdocs.yml, and the HTML the theme writes site_name into."""
    title = 'Drones & <b>airports</b></title><script>alert(1)</script> "Tom\'s" in C#'
    folder = tmp_path / "site"
    start(run, folder, "--title", title)
    heading = '# Drones &amp; &lt;b&gt;airports&lt;/b&gt;&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; "Tom\'s" in C\\#\n'
    assert (folder / "content" / "pages" / "home.md").read_text(encoding="utf-8").startswith(heading)
    assert (folder / "README.md").read_text(encoding="utf-8").startswith(heading)
    assert run(folder, "check")[0] == 0
    code, _, err = run(folder, "build")
    assert (code, err) == (0, "")  # the post-build scan finds no script
    soup = BeautifulSoup((folder / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.title is not None and soup.title.get_text() == f"{title} - {title}"
    h1 = soup.select_one("article h1")
    assert h1 is not None and " ".join(h1.get_text().split()) == title + "¶"
    assert {logo["aria-label"] for logo in soup.select('[data-md-component="logo"]')} == {title}
    assert [script for script in soup.find_all("script") if "alert" in script.get_text()] == []
    shutil.rmtree(folder / "site")


def test_a_title_with_an_invisible_character_is_refused(tmp_path: Path, run: Run) -> None:
    assert run(tmp_path, "new", str(tmp_path / "site"), "--title", "Drones\u200b at airports") == (
        1,
        "",
        "error: --title contains an invisible character, U+200B ZERO WIDTH SPACE, at character 7; remove it\n",
    )
    assert not (tmp_path / "site").exists()


def test_the_starter_stylesheet_is_the_sites_own() -> None:
    starter = REPO / "briefing_gen" / "starter" / "briefing.css"
    assert starter.read_bytes() == (REPO / "content" / "pages" / "assets" / "briefing.css").read_bytes()


def citation_from(out: str, number: int) -> str:
    """The citation `quote` printed as result ``number``, as printed (without its comment line)."""
    block = out.split("\n\n")[number]
    return block.split("\n", 1)[1]


def test_a_second_team_builds_its_own_subject_from_an_empty_folder(tmp_path: Path, run: Run) -> None:
    """Drone disruption at an airport: new, two sources added, quotes found, facts written, check and build."""
    site = tmp_path / "airport"
    site.mkdir()  # an empty folder
    start(run, site, "--title", "Drone disruption at Northfield Airport")
    for example in ("content/facts/how-it-works.yaml", "content/briefings/how-it-works.yaml"):
        (site / example).unlink()
    (site / "sources" / "example-report.txt").unlink()
    (site / "sources" / "example-report.yaml").unlink()
    (site / "content" / "topics.yaml").write_text(
        "topics:\n"
        "  - id: flight-disruption\n"
        "    title: Flights disrupted\n"
        "    description: Flights suspended, held or diverted because of drones near the airport.\n"
        "  - id: drone-sightings\n"
        "    title: Drone sightings\n"
        "    description: How often drones are reported near the airport.\n",
        encoding="utf-8",
    )
    assert run(site, "add-source", str(PAGES / "drones-northfield.html"), "--id", "northfield-news")[0] == 0
    assert run(site, "add-source", str(PAGES / "sightings.txt"), "--id", "sightings-note")[0] == 0

    _, suspended, _ = run(site, "quote", "suspended for three hours")
    _, diverted, _ = run(site, "quote", "About 40 flights were diverted")
    _, sightings, _ = run(site, "quote", "sightings reported near Northfield Airport rose to 25")
    facts = (
        "facts:\n"
        "  - id: flights-suspended\n"
        "    topic: flight-disruption\n"
        "    date: 2025-03\n"
        "    claim: >-\n"
        "      One report says flights at Northfield Airport were suspended for three hours\n"
        "      after two drones were seen near the runway.\n"
        "    citations:\n" + citation_from(suspended, 1) + "\n"
        "  - id: flights-diverted\n"
        "    topic: flight-disruption\n"
        "    date: 2025-03\n"
        "    claim: One report says about 40 flights were diverted to other airports.\n"
        "    citations:\n" + citation_from(diverted, 1) + "\n"
        "  - id: sightings-rose\n"
        "    topic: drone-sightings\n"
        "    date: unknown\n"
        "    claim: >-\n"
        "      One report says the number of drone sightings reported near Northfield\n"
        "      Airport rose to 25.\n"
        "    citations:\n" + citation_from(sightings, 1) + "\n"
    )
    (site / "content" / "facts" / "drones.yaml").write_text(facts, encoding="utf-8")
    (site / "content" / "briefings" / "drone-disruption.yaml").write_text(
        "id: drone-disruption\n"
        "title: Drones at Northfield Airport\n"
        "as_of: 2025-03\n"
        "lede: What one report says of the drones that stopped flights at Northfield Airport.\n"
        "key_points:\n"
        "  - text: Flights at Northfield Airport were suspended for three hours.\n"
        "    facts: [flights-suspended]\n"
        "  - text: About 40 flights were diverted to other airports.\n"
        "    facts: [flights-diverted]\n"
        "  - text: Drone sightings reported near Northfield Airport rose to 25.\n"
        "    facts: [sightings-rose]\n"
        "sections:\n"
        "  - title: Flights\n"
        "    facts: [flights-suspended, flights-diverted]\n"
        "  - title: Sightings\n"
        "    facts: [sightings-rose]\n",
        encoding="utf-8",
    )
    assert run(site, "check") == (0, "OK: 3 facts, 3 quotes checked against 2 archived sources, 1 briefing.\n", "")
    code, _, err = run(site, "build")
    assert (code, err) == (0, "")
    page = (site / "site" / "briefings" / "drone-disruption" / "index.html").read_text(encoding="utf-8")
    assert "suspended for three hours" in page
    topics = (site / "site" / "topics" / "index.html").read_text(encoding="utf-8")
    assert "Flights disrupted" in topics and "Drone sightings" in topics
    shutil.rmtree(site / "site")


def test_a_new_site_built_in_github_actions_has_its_address_everywhere(tmp_path: Path, run: Run) -> None:
    """Canonical links, the sitemap, the feed and editions, as this repository's own site has them; a
    repository named 'briefings' (whose Pages path is also the briefings' folder) builds too."""
    folder = tmp_path / "site"
    start(run, folder)
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], [*identity, "commit", "-q", "-m", "Start"]):
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)
    with on_github_actions():
        code, _, err = run(folder, "build")
    assert (code, err) == (0, "")
    built = folder / "site"
    page = BeautifulSoup(
        (built / "briefings" / "how-it-works" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    canonical = page.select_one('link[rel="canonical"]')
    assert canonical is not None and canonical["href"] == SITE_URL + "briefings/how-it-works/"
    assert page.select_one('link[rel="alternate"][type="application/atom+xml"]') is not None
    assert page.select_one('meta[property="og:url"]') is not None
    assert "Edition 1" in page.get_text()
    pages = sorted(p.parent.relative_to(built).as_posix() for p in built.rglob("index.html"))
    listed = re.findall(r"<loc>([^<]*)</loc>", (built / "sitemap.xml").read_text(encoding="utf-8"))
    assert sorted(listed) == sorted(SITE_URL + ("" if p == "." else p + "/") for p in pages)
