"""The post-build scan: active content inside a page's content fails the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_gen.scan import active_content, broken_links
from tests.conftest import Run

ARTICLE = '<html><head><script src="theme.js"></script></head><body><article class="md-content__inner md-typeset">{}</article><script>theme()</script></body></html>'


@pytest.mark.parametrize(
    ("content", "finding"),
    [
        ("<p>hi</p><script>alert(1)</script>", "page.html: line 1: <script>"),
        ('<img src="x.png" onerror="alert(1)">', "page.html: line 1: <img onerror=…> event handler"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', 'page.html: line 1: <a href="JaVaScRiPt:alert(1)">'),
        ('<a href="&#106;avascript:alert(1)">x</a>', 'page.html: line 1: <a href="javascript:alert(1)">'),
        ('<a href="java\tscript:alert(1)">x</a>', 'page.html: line 1: <a href="java\tscript:alert(1)">'),
        (
            '<img src="data:text/html;base64,PHNjcmlwdD4=">',
            'page.html: line 1: <img src="data:text/html;base64,PHNjcmlwdD4=">',
        ),
        ('<iframe src="https://example.org"></iframe>', "page.html: line 1: <iframe>"),
    ],
)
def test_active_content_in_the_article_is_found(tmp_path: Path, content: str, finding: str) -> None:
    (tmp_path / "page.html").write_text(ARTICLE.format(content), encoding="utf-8")
    assert active_content(tmp_path) == [finding]


def test_the_themes_own_scripts_are_not_content(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        ARTICLE.format('<p><a href="https://example.org">fine</a></p>'), encoding="utf-8"
    )
    assert active_content(tmp_path) == []


def test_the_real_site_has_no_active_content(built: Path) -> None:
    assert active_content(built / "site") == []


def test_a_script_in_a_hand_written_page_fails_the_build_and_keeps_the_site(project: Path, run: Run) -> None:
    assert run(project, "build")[0] == 0
    before = (project / "site" / "methodology" / "index.html").read_bytes()
    methodology = project / "content" / "pages" / "methodology.md"
    methodology.write_text(
        methodology.read_text(encoding="utf-8") + '\n<script>alert("x")</script>\n', encoding="utf-8"
    )
    code, _, err = run(project, "build")
    assert code == 1
    assert "active content in the built pages" in err
    assert "methodology/index.html: line" in err and ": <script>" in err
    assert (project / "site" / "methodology" / "index.html").read_bytes() == before


def test_broken_relative_links_and_anchors_are_found(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2>', encoding="utf-8")
    (tmp_path / "page.html").write_text(
        '<a href="a/#here">ok</a>\n<a href="a/#gone">anchor</a>\n<a href="b/">page</a>\n<a href="/a/">root</a>\n'
        '<a href="https://example.org/x">outside</a>\n<a href="../../etc/passwd">escape</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == [
        "page.html: line 2: link to a/#gone leads nowhere",
        "page.html: line 3: link to b/ leads nowhere",
        "page.html: line 6: link to ../../etc/passwd leads nowhere",
    ]


def test_the_real_site_has_no_broken_links(built: Path) -> None:
    assert broken_links(built / "site") == []
