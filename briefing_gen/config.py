"""What the generator reads from mkdocs.yml: the site's and repository's addresses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Repository:
    """Where the files live on GitHub, for 'edit' links."""

    url: str  # e.g. https://github.com/org/briefings
    branch: str

    def file_at(self, path: str, line: int | None = None) -> str:
        return f"{self.url}/blob/{self.branch}/{path}" + (f"#L{line}" if line else "")


def site_config(root: Path) -> dict[str, Any]:
    """mkdocs.yml's plain keys ({} if there is none)."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}

    class ConfigLoader(yaml.SafeLoader):
        """mkdocs.yml may use tags such as !ENV; we only read plain keys."""

    ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=ConfigLoader)
    return data if isinstance(data, dict) else {}


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
    server, name = env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY")
    return f"{server}/{name}" if env.get("GITHUB_ACTIONS") == "true" and server and name else None
