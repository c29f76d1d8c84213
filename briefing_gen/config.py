"""What the generator reads from mkdocs.yml: the site's and repository's addresses, the theme.

``settings`` resolves them once per build: the site's name and language, the
repository (for edit links) and the site's address, which is ``site_url``, or,
in GitHub Actions, the GitHub Pages address of the repository being built. The
build hands that address to MkDocs through ``SITE_URL_VARIABLE`` (mkdocs.yml
reads it with ``!ENV``), so the canonical links and sitemap MkDocs writes and
the addresses the generator writes (feed, citations, data) are the same.

mkdocs.yml is configuration a maintainer owns (CODEOWNERS). MkDocs loads it
with a YAML loader that builds Python objects from ``!!python/…`` tags, so a
tag in a pull request could run code during the build; ``site_config``
refuses every tag MkDocs does not document (``!ENV``, ``!relative``) before
MkDocs ever reads the file, with a message at the tag. The file is read once per change (the result is kept by its size and
modification time).
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml

from briefing_gen.errors import CorpusError, Problem

CONFIG_FILE = "mkdocs.yml"
DOCS_DIR = "build/docs"  # what the generator writes and MkDocs reads (``Project.docs_dir``)
SITE_URL_VARIABLE = "BRIEFING_GEN_SITE_URL"  # how the build tells MkDocs the address it resolved
MKDOCS_TAGS = {"!ENV", "!relative"}  # the tags MkDocs documents for its configuration
YAML_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


@dataclass(frozen=True)
class Repository:
    """Where the files live on GitHub, for 'edit' links."""

    url: str  # e.g. https://github.com/org/briefings
    branch: str

    def file_at(self, path: str, line: int | None = None) -> str:
        return f"{self.url}/blob/{self.branch}/{path}" + (f"#L{line}" if line else "")

    def issue_form(self, template: str, fields: dict[str, str]) -> str:
        """A new issue from a form, its fields filled in (GitHub reads a query parameter named as a field's id)."""
        return f"{self.url}/issues/new?" + urlencode({"template": template, **fields}, quote_via=quote)


def site_config(root: Path) -> dict[str, Any]:
    """mkdocs.yml's plain keys ({} if there is none); CorpusError if it uses a tag that could run code."""
    path = root / CONFIG_FILE
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise CorpusError([Problem(CONFIG_FILE, 1, 1, "(file)", "must be a regular file in the project, not a link")])
    if not path.exists():
        return {}
    stat = path.stat()
    return _read(path, stat.st_size, stat.st_mtime_ns)


def config_problems(root: Path) -> list[Problem]:
    """What is wrong with mkdocs.yml, as problems to report with the content's."""
    try:
        site_config(root)
    except CorpusError as error:
        return error.problems
    return []


@functools.lru_cache(maxsize=8)
def _read(path: Path, size: int, mtime_ns: int) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise CorpusError([Problem(CONFIG_FILE, line, column, "(file)", f"not valid YAML: {error}")]) from None
    problems = [_tag_problem(tagged, where) for tagged, where in _nodes(node, "") if _unsafe(tagged)]
    problems += [_site_url_problem(tagged) for tagged, where in _nodes(node, "") if _foreign_site_url(tagged, where)]
    if problems:
        raise CorpusError(problems)
    data = yaml.load(text, Loader=_PlainLoader)
    config = data if isinstance(data, dict) else {}
    default = _env_default(node)
    if default is not None:  # MkDocs falls back on it, so it is the site's address; the build passes it on
        config = {**config, "site_url": default}
    if config.get("docs_dir", DOCS_DIR) != DOCS_DIR:
        keys = [key for key, _ in node.value] if isinstance(node, yaml.MappingNode) else []
        line = next((key.start_mark.line + 1 for key in keys if key.value == "docs_dir"), 1)  # where the key is
        message = f"must be {DOCS_DIR}, where the generator writes the pages; MkDocs would publish another folder"
        raise CorpusError([Problem(CONFIG_FILE, line, 1, "docs_dir", message)])
    return config


class _PlainLoader(yaml.SafeLoader):
    """Reads plain keys; a documented MkDocs tag (!ENV, !relative) reads as empty."""


_PlainLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _nodes(node: yaml.Node | None, where: str) -> Iterator[tuple[yaml.Node, str]]:
    if node is None:
        return
    yield node, where
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _nodes(key, where)
            yield from _nodes(value, f"{where}.{key.value}" if where else str(key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _nodes(item, f"{where}[{index}]")


def _unsafe(node: yaml.Node) -> bool:
    return node.tag not in YAML_TAGS and node.tag not in MKDOCS_TAGS


def _tag_problem(node: yaml.Node, where: str) -> Problem:
    mark = node.start_mark
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    message = (
        f"the tag '{tag}' is not allowed: MkDocs would build Python objects from it, which can run code "
        f"during the build; mkdocs.yml may use only {' and '.join(sorted(MKDOCS_TAGS))}"
    )
    return Problem(CONFIG_FILE, mark.line + 1, mark.column + 1, where or "(file)", message)


def _foreign_site_url(node: yaml.Node, where: str) -> bool:
    """site_url read from a variable other than the one the build sets: the generator could not know it."""
    if where != "site_url" or node.tag != "!ENV":
        return False
    names = node.value if isinstance(node, yaml.SequenceNode) else [node]
    first = names[0].value if names and isinstance(names[0], yaml.ScalarNode) else ""
    return first != SITE_URL_VARIABLE


def _env_default(config: yaml.Node | None) -> str | None:
    """The default address of ``site_url: !ENV [BRIEFING_GEN_SITE_URL, "https://…/"]``, or None."""
    if not isinstance(config, yaml.MappingNode):
        return None
    node = next((value for key, value in config.value if key.value == "site_url"), None)
    if node is None or node.tag != "!ENV" or not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
        return None
    default = node.value[1]
    plain = isinstance(default, yaml.ScalarNode) and default.tag == "tag:yaml.org,2002:str"
    return str(default.value) if plain and default.value else None


def _site_url_problem(node: yaml.Node) -> Problem:
    message = (
        f"write the site's address itself, or '!ENV [{SITE_URL_VARIABLE}, null]' to let the build give MkDocs "
        "the address it works out; the generator must know the address MkDocs publishes at"
    )
    return Problem(CONFIG_FILE, node.start_mark.line + 1, node.start_mark.column + 1, "site_url", message)


def theme_dirs(config: Mapping[str, Any], root: Path) -> list[Path]:
    """The installed theme's folder, and the project's own template folder if it has one."""
    from mkdocs.utils import get_theme_dir  # MkDocs is only needed once a site is built

    theme = config.get("theme") or {}
    name = theme.get("name") if isinstance(theme, dict) else theme
    folders = []
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        folders.append(root / theme["custom_dir"])
    if isinstance(name, str):
        with contextlib.suppress(KeyError):  # MkDocs itself reports an unknown theme
            folders.append(Path(get_theme_dir(name)))
    return folders


def repository(config: dict[str, Any], env: Mapping[str, str]) -> Repository | None:
    """The repository from ``repo_url``, or, in GitHub Actions, the one being built.

    The branch comes from ``edit_uri`` (``edit/<branch>/…``), else main.
    """
    url = config.get("repo_url") or _github_actions_repository(env)
    if not isinstance(url, str) or not url.startswith("https://"):
        return None
    parts = str(config.get("edit_uri") or "").strip("/").split("/")
    branch = parts[1] if len(parts) > 1 and parts[0] in ("edit", "blob") else "main"
    return Repository(url.rstrip("/"), branch)


def _github_actions_repository(env: Mapping[str, str]) -> str | None:
    server, name = env.get("GITHUB_SERVER_URL", ""), env.get("GITHUB_REPOSITORY", "")
    if env.get("GITHUB_ACTIONS") != "true" or not _SERVER.fullmatch(server) or not REPOSITORY_NAME.fullmatch(name):
        return None
    return f"{server}/{name}"


# owner/name as GitHub allows them (anything else in the variable is not a repository to link to or publish at)
REPOSITORY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/(?!\.\.?$)[A-Za-z0-9._-]{1,100}", re.ASCII)
_SERVER = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?", re.ASCII)
GITHUB_COM = "https://github.com"


def site_url(config: Mapping[str, Any], env: Mapping[str, str]) -> str | None:
    """The site's address, ending in '/': ``site_url``, else, in GitHub Actions, the repository's Pages address."""
    given = config.get("site_url")
    url = given if isinstance(given, str) and given else _github_pages_address(env)
    if not url or not url.startswith(("https://", "http://")):
        return None
    return url.rstrip("/") + "/"


def _github_pages_address(env: Mapping[str, str]) -> str | None:
    """https://owner.github.io/repo/ (or https://owner.github.io/ for the repository named owner.github.io).

    Only for a repository on github.com: GitHub Enterprise Server publishes Pages at an address of its own
    configuration, which the build cannot know.
    """
    if _github_actions_repository(env) != f"{GITHUB_COM}/{env.get('GITHUB_REPOSITORY')}":
        return None
    owner, _, repo = env["GITHUB_REPOSITORY"].partition("/")
    host = f"{owner.lower()}.github.io"
    return f"https://{host}/" if repo.lower() == host else f"https://{host}/{repo}/"


@dataclass(frozen=True)
class Settings:
    """What the build needs of mkdocs.yml and its environment, resolved once."""

    site_name: str = "Briefings"
    site_url: str | None = None  # ends in '/'; None where it is not known
    repository: Repository | None = None
    language: str = "en"


def settings(root: Path, env: Mapping[str, str]) -> Settings:
    """mkdocs.yml read once, with the environment, into the build's settings."""
    config = site_config(root)
    theme = config.get("theme") or {}
    language = theme.get("language") if isinstance(theme, dict) else None
    name = config.get("site_name")
    return Settings(
        site_name=name if isinstance(name, str) and name else "Briefings",
        site_url=site_url(config, env),
        repository=repository(config, env),
        language=language if isinstance(language, str) and language else "en",
    )
