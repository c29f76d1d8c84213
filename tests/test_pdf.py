"""The PDF briefings, read back as a reader's PDF viewer would."""

from __future__ import annotations

import io
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from briefing_gen.build import Project, load_and_check
from briefing_gen.errors import BuildError
from briefing_gen.fonts import BUNDLED_FONTS, FONTCONFIG_FILE, FONTS_DIR, copy_fonts, covered
from briefing_gen.pdf import Edition, briefing_body, briefing_document, print_pdf
from briefing_gen.printing import print_all
from briefing_gen.site import Site
from tests.conftest import FIXTURE

BRIEFINGS = ("legal-penalties", "platform-accountability", "international-cooperation")
CALL = re.compile(r"^,?\d+(?:,\d+)*$")
MARKER = re.compile(r"^(\d+)\. $")


def chunks(page: object) -> list[tuple[float, str, str]]:
    """(rendered size, font name, text) of every text run on a page."""
    found: list[tuple[float, str, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict[str, str] | None, size: float) -> None:
        if text.strip():
            found.append((round(size * tm[0] * cm[0], 1), (font or {}).get("/BaseFont", ""), text))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


def calls_and_notes(page: object) -> tuple[set[int], dict[int, str]]:
    """Footnote numbers called in the text, and the notes printed at the foot, of one page."""
    calls: set[int] = set()
    notes: dict[int, str] = {}
    current = None
    for size, font, text in chunks(page):
        if size < 6 and CALL.match(text.strip()):
            calls.update(int(n) for n in text.strip(",").split(","))
        elif size == 8.0 and "Bold" in font and (marker := MARKER.match(text)):
            current = int(marker.group(1))
            notes[current] = ""
        elif size == 8.0 and current is not None:
            notes[current] += text
    return calls, notes


def pdf(built: Path, name: str) -> PdfReader:
    return PdfReader(built / "site" / "pdf" / f"{name}.pdf")


def web_footnotes(built: Path, name: str) -> dict[int, str]:
    soup = BeautifulSoup(
        (built / "site" / "briefings" / name / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    return {int(str(li["id"]).split(":")[1]): li.get_text(" ") for li in soup.select(".footnote li")}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def all_pages(built: Path) -> Iterator[tuple[str, int, object]]:
    for name in (*BRIEFINGS, "all-briefings"):
        for number, page in enumerate(pdf(built, name).pages, start=1):
            yield name, number, page


def test_the_main_command_publishes_each_pdf_and_links_it(built: Path) -> None:
    assert sorted(p.name for p in (built / "site" / "pdf").iterdir()) == sorted(
        f"{n}.pdf" for n in (*BRIEFINGS, "all-briefings")
    )
    for name in BRIEFINGS:
        soup = BeautifulSoup(
            (built / "site" / "briefings" / name / "index.html").read_text(encoding="utf-8"), "html.parser"
        )
        link = soup.find("a", string="Download PDF")
        assert link is not None and link["href"] == f"../../pdf/{name}.pdf"
    home = BeautifulSoup((built / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert {str(a["href"]) for a in home.select("a[href$='.pdf']")} == {
        f"pdf/{n}.pdf" for n in (*BRIEFINGS, "all-briefings")
    }


def test_page_counts_are_plausible(built: Path) -> None:
    counts = {name: len(pdf(built, name).pages) for name in BRIEFINGS}
    assert all(3 <= count <= 15 for count in counts.values()), counts
    # One cover page more, less what briefings gain by sharing page breaks.
    assert sum(counts.values()) - len(BRIEFINGS) < len(pdf(built, "all-briefings").pages) <= sum(counts.values()) + 3


def test_every_footnote_is_on_the_page_where_it_is_called(built: Path) -> None:
    checked = 0
    for name, number, page in all_pages(built):
        calls, notes = calls_and_notes(page)
        assert calls == set(notes), f"{name}.pdf page {number}: calls {sorted(calls)} but notes {sorted(notes)}"
        checked += len(calls)
    assert checked > 100


@pytest.mark.parametrize("name", BRIEFINGS)
def test_footnote_numbers_and_texts_match_the_web_page(built: Path, name: str) -> None:
    web = web_footnotes(built, name)
    printed: dict[int, str] = {}
    for page in pdf(built, name).pages:
        printed.update(calls_and_notes(page)[1])
    assert sorted(printed) == sorted(web)
    for number, text in printed.items():
        reference, quote = web[number].split(": “", 1)  # publisher, title, date: “quote” links
        quote = quote.rsplit("”", 1)[0]
        assert squeeze(f"{reference}: “{quote}”") in squeeze(text), f"note {number}: {text!r} differs from the web"


@pytest.mark.parametrize("name", BRIEFINGS)
def test_first_page_has_title_as_of_date_key_points_and_colophon(built: Path, name: str) -> None:
    reader = pdf(built, name)
    first = " ".join(reader.pages[0].extract_text().split())
    title = str(reader.metadata.title if reader.metadata else "")
    assert title and " ".join(title.split()) in first
    assert "As of September 2024" in first
    assert "Key points" in first
    assert "How to check this briefing." in first and "briefings/" + name + "/" in first


@pytest.mark.parametrize("name", BRIEFINGS)
def test_the_cover_gives_the_edition_and_how_to_cite_it_as_the_web_page_does(built: Path, name: str) -> None:
    first = " ".join(pdf(built, name).pages[0].extract_text().split())
    web = BeautifulSoup((built / "site" / "briefings" / name / "index.html").read_text(encoding="utf-8"), "html.parser")
    edition = re.search(r"Edition (\d+), last updated ([^·]+?) ·", web.get_text(" "))
    assert edition is not None
    number, date = edition.groups()
    assert f"Edition {number}, {date}." in first
    cite = web.select_one(".cite-text")
    assert cite is not None
    cited = " ".join(cite.get_text(" ").split())
    assert cited.startswith("Deepfake briefings, “") and f"edition {number}, {date}" in cited
    assert squeeze(f"Cite as. {cited}") in squeeze(first)  # a line may break inside the address


@pytest.mark.parametrize("name", BRIEFINGS)
def test_outline_lists_the_sections_and_metadata_comes_from_content(built: Path, name: str) -> None:
    corpus = load_and_check(Project(built))
    briefing = next(b.model for b in corpus.briefings if b.model.id == name)
    reader = pdf(built, name)
    top = cast(list[Any], reader.outline)
    assert str(top[0]["/Title"]) == briefing.title
    assert [str(entry["/Title"]) for entry in top[1]] == [*(section.title for section in briefing.sections), "Sources"]
    assert reader.metadata is not None
    assert reader.metadata.title == briefing.title
    assert (
        str(reader.metadata["/CreationDate"]) == str(reader.metadata["/ModDate"]) == "D:20240925"
    )  # the commit it was printed from
    catalog = cast(dict[str, Any], reader.trailer["/Root"])
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"])  # tagged (PDF/UA-1)
    assert "/StructTreeRoot" in catalog


def test_running_header_and_page_x_of_y(built: Path) -> None:
    reader = pdf(built, "legal-penalties")
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {total}" in text
        if number > 1:  # the running header (the cover has the title itself)
            assert "Legal penalties for sexual deepfakes in South Korea" in text


BUNDLED_FAMILIES = ("Source-Serif-Pro", "Source-Sans-Pro", "Noto-Serif-KR", "Noto-Sans-KR")


def embedded_fonts(pages: Iterator[object]) -> dict[str, bytes]:
    """Each font a PDF embeds, by its name without the subset tag ('Source-Serif-Pro-Bold'), with its font program."""
    found: dict[str, bytes] = {}
    for page in pages:
        for font in page["/Resources"]["/Font"].values():  # type: ignore[index]
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            assert program is not None, f"{font['/BaseFont']} is not embedded"
            found[str(font["/BaseFont"]).split("+", 1)[1]] = program.get_object().get_data()
    return found


def packaged(name: str) -> bytes:
    return next(font for font in BUNDLED_FONTS if font.name == name).source().read_bytes()


def test_fonts_are_embedded_and_cover_every_character(built: Path) -> None:
    site = Site.of(load_and_check(Project(built)))
    edition = Edition("", "", None, "en")
    used = {
        c
        for b in site.briefings
        for c in BeautifulSoup(briefing_document(b, briefing_body(site, b, edition), edition), "html.parser").get_text()
        if not c.isspace()
    }
    assert sorted(used - covered()) == []
    # The Source fonts have every character the corpus uses so far: Latin text is never set in Noto.
    assert sorted(embedded_fonts(page for _, _, page in all_pages(built))) == [
        "Source-Sans-Pro",
        "Source-Sans-Pro-Bold",
        "Source-Sans-Pro-Semi-Bold",
        "Source-Serif-Pro",
        "Source-Serif-Pro-Bold",
        "Source-Serif-Pro-Italic",  # "See also" and "A figure for another period" are in italic
    ]


def test_markup_characters_in_a_fact_print_as_written(tmp_path: Path) -> None:
    site = Site.of(load_and_check(Project(FIXTURE)))
    pdfs = print_all(site, FIXTURE, tmp_path / "assets", workers=1)
    text = " ".join(page_texts(pdfs["pdf/port-delays.pdf"]))
    assert 'Officials say the delays "will end soon" & <promise> a review.' in text


def page_texts(content: bytes) -> list[str]:
    import io

    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "https://example.org/tracker.png"])
def test_a_document_reaching_outside_the_build_folder_fails_clearly(tmp_path: Path, url: str) -> None:
    copy_fonts(tmp_path)
    with pytest.raises(BuildError) as raised:
        print_pdf(f'<html><body><p>Hi</p><img src="{url}"></body></html>', tmp_path)
    assert (
        str(raised.value)
        == f"PDF rendering stopped: refused to fetch {url}: PDFs may only use files in {tmp_path.resolve()}"
    )


def test_pdfs_are_byte_identical_for_the_same_input_and_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1725148800")
    site = Site.of(load_and_check(Project(FIXTURE)))
    first = print_all(site, FIXTURE, tmp_path / "a", workers=1)
    second = print_all(site, FIXTURE, tmp_path / "b", workers=2)
    assert first == second


def test_printing_leaves_nothing_in_the_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # WeasyPrint copies the fonts into a folder of its own there for each document (14 MB) and removed it only
    # when the printer process collected it, which an ending printer never does: thousands piled up.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    site = Site.of(load_and_check(Project(FIXTURE)))
    print_all(site, FIXTURE, tmp_path / "serial" / "assets", workers=1)
    print_all(site, FIXTURE, tmp_path / "parallel" / "assets", workers=2)  # its own cache: all printed again
    assert sorted(path.name for path in scratch.iterdir()) == []


def count_printing(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, how many documents each printing run really prints (the cache hands back the rest)."""
    import briefing_gen.printing as printing

    printed: list[int] = []
    real = printing._print_each

    def counting(documents: list[str], assets: Path, workers: int | None) -> list[bytes]:
        printed.append(len(documents))
        return real(documents, assets, workers)

    monkeypatch.setattr(printing, "_print_each", counting)
    return printed


def test_unchanged_documents_are_not_printed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = Site.of(load_and_check(Project(FIXTURE)))
    first = print_all(site, FIXTURE, tmp_path / "assets", workers=1)
    printed = count_printing(monkeypatch)
    assert print_all(site, FIXTURE, tmp_path / "assets", workers=1) == first
    assert printed == [0], "nothing changed, so nothing should be printed"


def same_outlines(embedded: bytes, real: bytes) -> bool:
    """Whether every glyph drawn from an embedded (subset) TrueType font is the real font's glyph of that number."""
    subset, font = TTFont(io.BytesIO(embedded)), TTFont(io.BytesIO(real))
    ours, theirs = subset.getGlyphOrder(), font.getGlyphOrder()
    drawn = [gid for gid, name in enumerate(ours) if subset["glyf"][name].numberOfContours != 0]
    assert drawn, "no glyph is drawn from this font"
    return all(
        gid < len(theirs)
        and subset["glyf"][ours[gid]].getCoordinates(subset["glyf"])[0]
        == font["glyf"][theirs[gid]].getCoordinates(font["glyf"])[0]
        for gid in drawn
    )


def test_a_font_planted_in_the_build_folder_is_replaced_before_printing(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    fonts = assets / FONTS_DIR
    fonts.mkdir(parents=True)
    sans = packaged("SourceSansPro-Regular.ttf")
    (fonts / "SourceSerifPro-Regular.ttf").write_bytes(sans)  # other letters under the body text's name
    (fonts / "Extra.ttf").write_bytes(sans)  # and a font the renderer would find beside them
    (assets / FONTCONFIG_FILE).write_text("<fontconfig><dir>/usr/share/fonts</dir></fontconfig>", encoding="utf-8")
    site = Site.of(load_and_check(Project(FIXTURE)))
    pdfs = print_all(site, FIXTURE, assets, workers=1)
    assert sorted(p.name for p in fonts.iterdir()) == sorted(font.name for font in BUNDLED_FONTS)
    for font in BUNDLED_FONTS:
        assert (fonts / font.name).read_bytes() == font.source().read_bytes(), font.name
    assert "/usr/share/fonts" not in (assets / FONTCONFIG_FILE).read_text(encoding="utf-8")
    body = embedded_fonts(iter(PdfReader(io.BytesIO(pdfs["pdf/port-delays.pdf"])).pages))["Source-Serif-Pro"]
    assert same_outlines(body, packaged("SourceSerifPro-Regular.ttf"))
    assert not same_outlines(body, sans)


def test_a_pdf_printed_with_other_fonts_is_not_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing_gen.printing as printing

    site = Site.of(load_and_check(Project(FIXTURE)))
    print_all(site, FIXTURE, tmp_path / "assets", workers=1)
    printed = count_printing(monkeypatch)
    monkeypatch.setattr(printing, "copy_fonts", lambda assets: "other fonts, as after an upgrade " + copy_fonts(assets))
    print_all(site, FIXTURE, tmp_path / "assets", workers=1)
    assert printed == [2], "both PDFs were printed with other fonts, so both are printed again"


def a_character_only_the_machine_has() -> str:
    """A letter, digit, punctuation mark or symbol some font installed on this machine has, and no bundled font."""
    printable = covered()
    for path in sorted(
        p for folder in ("/usr/share/fonts", "/usr/local/share/fonts") for p in Path(folder).rglob("*.[ot]tf")
    ):
        for code in sorted(TTFont(path, lazy=True).getBestCmap() or {}):
            char = chr(code)
            if char not in printable and unicodedata.category(char)[0] in "LNPS":
                return char
    pytest.skip("no font on this machine has a character the bundled fonts lack")


def test_the_pdfs_never_use_the_machines_own_fonts(tmp_path: Path) -> None:
    from weasyprint import HTML

    char = a_character_only_the_machine_has()
    document = f'<html lang="en"><body><h1>Title {char}</h1><p>Body {char} text</p></body></html>'
    machine = embedded_fonts(iter(PdfReader(io.BytesIO(HTML(string=document).write_pdf())).pages))
    assert not all(name.startswith(BUNDLED_FAMILIES) for name in machine), "WeasyPrint alone uses the machine's font"
    copy_fonts(tmp_path)
    ours = embedded_fonts(iter(PdfReader(io.BytesIO(print_pdf(document, tmp_path))).pages))
    assert ours and all(name.startswith(BUNDLED_FAMILIES) for name in ours), sorted(ours)


def test_a_fontconfig_file_that_reaches_the_machines_fonts_stops_the_print(tmp_path: Path) -> None:
    copy_fonts(tmp_path)
    (tmp_path / FONTCONFIG_FILE).write_text("<fontconfig><dir>/usr/share/fonts</dir></fontconfig>", encoding="utf-8")
    if not any(Path("/usr/share/fonts").rglob("*.[ot]tf")):
        pytest.skip("no font installed on this machine")
    with pytest.raises(
        BuildError,
        match=r"^PDF rendering stopped: the renderer would use fonts other than the bundled ones: /usr/share/fonts/",
    ):
        print_pdf("<html><body><p>Hi</p></body></html>", tmp_path)


def test_korean_names_and_the_won_sign_print_in_the_bundled_fonts(tmp_path: Path) -> None:
    copy_fonts(tmp_path)
    document = (
        '<html lang="en"><body><h1>서울 court</h1><p>Kim Min-ji (김민지) was fined ₩50 million.</p></body></html>'
    )
    reader = PdfReader(io.BytesIO(print_pdf(document, tmp_path)))
    assert " ".join(reader.pages[0].extract_text().split()).startswith(
        "서울 court Kim Min-ji (김민지) was fined ₩50 million."
    )
    # By family: WeasyPrint names a font by the style asked for (the heading's Hangul is in Noto's only weight).
    runs = [(font.split("+", 1)[1].removesuffix("-Bold"), text.strip()) for _, font, text in chunks(reader.pages[0])]
    assert runs[:5] == [
        ("Noto-Sans-KR", "서울"),
        ("Source-Sans-Pro", "court"),
        ("Source-Serif-Pro", "Kim Min-ji ("),
        ("Noto-Serif-KR", "김민지"),
        ("Source-Serif-Pro", ") was fined ₩50 million."),
    ]
