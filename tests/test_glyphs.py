"""Text the PDFs print may hold only characters the bundled fonts have; anything else is named where it is written."""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTFont

from briefing_gen.fonts import BUNDLED_FONTS, FONTS_DIR, copy_fonts, covered
from tests.conftest import Run

FACTS = "content/facts/port.yaml"
BRIEFING = "content/briefings/port-delays.yaml"
SOURCE = "sources/harbour-daily.yaml"
HOME = "content/pages/home.md"


def edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, old
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_character_no_bundled_font_has_is_named_at_its_line_and_column(corpus: Path, run: Run) -> None:
    edit(corpus, FACTS, "who set it <b>or</b>", "who set it 𝄞 <b>or</b>")
    code, _, err = run(corpus, "check")
    assert code == 1
    assert err.splitlines() == [
        "content/facts/port.yaml:25:83: facts[2].editors_note: the character '𝄞' (U+1D11E MUSICAL SYMBOL G CLEF) "
        "cannot be printed in the PDFs: none of the bundled fonts has it; write it another way",
        "1 problem found; nothing was written.",
    ]


def test_several_such_characters_are_counted_and_a_quote_is_told_to_quote_around_them(corpus: Path, run: Run) -> None:
    edit(corpus, FACTS, 'quote: Officials say the delays "will end soon".', 'quote: Officials say 🚢 ✈ 🚢 "soon".')
    code, _, err = run(corpus, "check")
    assert code == 1
    assert (
        "content/facts/port.yaml:20:30: facts[1].citations[0].quote: the character '🚢' (U+1F6A2 SHIP) and 1 other "
        "character here cannot be printed in the PDFs: none of the bundled fonts has them; quote a passage without them"
    ) in err.splitlines()


def test_titles_publishers_and_the_site_title_are_checked_too(corpus: Path, run: Run) -> None:
    edit(corpus, BRIEFING, "  - title: Review", "  - title: Review ☙")
    edit(corpus, SOURCE, "publisher: Harbour Daily", "publisher: Harbour Daily ⚓")
    edit(corpus, HOME, "# Port briefings", "# Port briefings ⛴")
    code, _, err = run(corpus, "check")
    assert code == 1
    assert err.splitlines() == [
        "content/briefings/port-delays.yaml:16:19: sections[1].title: the character '☙' (U+2619 REVERSED ROTATED "
        "FLORAL HEART BULLET) cannot be printed in the PDFs: none of the bundled fonts has it; write it another way",
        "content/pages/home.md:1:18: (title): the character '⛴' (U+26F4 FERRY) cannot be printed in the PDFs: "
        "none of the bundled fonts has it; write it another way",
        "sources/harbour-daily.yaml:3:26: publisher: the character '⚓' (U+2693 ANCHOR) cannot be printed in the "
        "PDFs: none of the bundled fonts has it; write it another way",
        "3 problems found; nothing was written.",
    ]


def test_korean_names_the_won_sign_and_unusual_spaces_pass(corpus: Path, run: Run) -> None:
    edit(corpus, BRIEFING, "title: Port delays", "title: Port delays at 부산항 (Busan), ₩ and €\u00a0figures")
    edit(corpus, BRIEFING, "  - title: Review", "  - title: 검토 (review)\u3000of the 한국 minister")
    code, out, err = run(corpus, "check")
    assert (code, err) == (0, ""), err
    assert out.startswith("OK:")


def test_the_characters_checked_are_those_of_the_fonts_put_in_place(tmp_path: Path) -> None:
    copy_fonts(tmp_path)
    in_place: set[str] = set()
    for font in BUNDLED_FONTS:
        in_place.update(map(chr, TTFont(tmp_path / FONTS_DIR / font.name).getBestCmap()))
    assert {c for c in covered() if not c.isspace()} == {c for c in in_place if not c.isspace()}
    assert {chr(code) for code in range(0xAC00, 0xD7A4)} <= covered()  # every Hangul syllable
    assert set("₩€“”…—\u2019\u2013") <= covered()
