"""The fonts the PDFs are printed in, and no others.

The PDFs use only fonts installed with the project from PyPI: Source Serif and
Source Sans for Latin text, Noto Serif KR and Noto Sans KR for Hangul (and
Hanja, ₩ and the other characters the Source fonts lack). ``copy_fonts`` puts
them in the build's asset folder before every print, byte for byte as packaged:
a file planted there under a font's name is replaced, anything else there is
removed. Beside them it writes a fontconfig file whose only font folder is that
one, so the renderer cannot fall back to the machine's own fonts.

``missing_glyphs`` says which characters none of the bundled fonts has (and
``covered`` lists all they have); the check stage refuses those characters in
text the PDFs print (``glyphs``).
"""

from __future__ import annotations

import functools
import hashlib
import shutil
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import escape

from briefing_gen.errors import BuildError
from briefing_gen.write import write_atomically

FONTS_DIR = "fonts"  # inside the build's asset folder, where the stylesheet's url(fonts/...) point
FONTCONFIG_FILE = "fonts.conf"


@dataclass(frozen=True)
class BundledFont:
    package: str  # the importable package that ships the file
    path: str  # the file inside that package

    @property
    def name(self) -> str:
        """The file name in the asset folder, as the print stylesheet's @font-face rules give it."""
        return PurePosixPath(self.path).name

    def source(self) -> Traversable:
        return resources.files(self.package).joinpath(*PurePosixPath(self.path).parts)


BUNDLED_FONTS = (
    BundledFont("font_source_serif_pro", "files/SourceSerifPro-Regular.ttf"),
    BundledFont("font_source_serif_pro", "files/SourceSerifPro-It.ttf"),
    BundledFont("font_source_serif_pro", "files/SourceSerifPro-Bold.ttf"),
    BundledFont("font_source_serif_pro", "files/SourceSerifPro-BoldIt.ttf"),
    BundledFont("font_source_sans_pro", "files/SourceSansPro-Regular.ttf"),
    BundledFont("font_source_sans_pro", "files/SourceSansPro-It.ttf"),
    BundledFont("font_source_sans_pro", "files/SourceSansPro-Semibold.ttf"),
    BundledFont("font_source_sans_pro", "files/SourceSansPro-Bold.ttf"),
    # Regular only: Hangul in bold text prints in the regular weight.
    BundledFont("pylopdf_fonts_ko", "NotoSerifKR-Regular.otf"),
    BundledFont("pylopdf_fonts_ko", "NotoSansKR-Regular.otf"),
)
FONT_FILES = tuple(font.name for font in BUNDLED_FONTS)


def copy_fonts(assets: Path) -> str:
    """Make ``assets/fonts`` hold exactly the bundled fonts, write the fontconfig file; return the fonts' digest.

    Each file already there is compared with the packaged one by SHA-256 and
    replaced when it differs, so what the renderer reads is always the
    installed fonts, whatever was left in (or planted into) the build folder.
    """
    folder = assets / FONTS_DIR
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    expected = packaged_digests()
    for entry in folder.iterdir():
        if entry.name not in expected or entry.is_symlink() or not entry.is_file():
            _remove(entry)
    for font in BUNDLED_FONTS:
        target = folder / font.name
        if not target.is_file() or _sha256(target.read_bytes()) != expected[font.name]:
            write_atomically(target, font.source().read_bytes())
    config, conf = fontconfig_file(folder), assets / FONTCONFIG_FILE
    if conf.is_symlink() or not conf.is_file() or conf.read_bytes() != config:
        if conf.is_dir() and not conf.is_symlink():
            _remove(conf)
        write_atomically(conf, config)  # the rename replaces a symbolic link itself, never its target
    return fonts_digest()


def fontconfig_file(folder: Path) -> bytes:
    """A fontconfig configuration that knows the fonts in ``folder`` and nothing else.

    No <include> (so none of the system's configuration, font folders or
    substitutions) and no cache folder (fontconfig reads the few fonts afresh).
    """
    return (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<!-- Written by briefing_gen before each print: the PDFs may use the bundled fonts and no others. -->\n"
        "<fontconfig>\n"
        f"  <dir>{escape(str(folder.resolve()))}</dir>\n"
        "</fontconfig>\n"
    ).encode()


@functools.cache
def packaged_digests() -> dict[str, str]:
    """SHA-256 of each bundled font as installed, by file name (read once per process)."""
    digests = {}
    for font in BUNDLED_FONTS:
        source = font.source()
        if not source.is_file():
            raise BuildError(
                f"the font {font.name} is missing from the installed package {font.package}; run `make install`"
            )
        digests[font.name] = _sha256(source.read_bytes())
    return digests


def fonts_digest() -> str:
    """One digest of every bundled font: a PDF printed with other fonts is never reused."""
    listing = "".join(f"{name} {digest}\n" for name, digest in sorted(packaged_digests().items()))
    return _sha256(listing.encode("utf-8"))


@functools.cache
def covered() -> frozenset[str]:
    """Every character one of the bundled fonts has a glyph for, and the whitespace printed as a space."""
    return _SPACES.union(*(_characters_of(font) for font in BUNDLED_FONTS))


def missing_glyphs(characters: set[str]) -> set[str]:
    """Those of ``characters`` no bundled font has.

    Fonts are read in order and only as far as needed: Latin text is settled by
    the first Source font, and the large Hangul fonts (Noto KR) are read only for text
    the Source fonts lack (reading them takes a fifth of a second).
    """
    missing = characters - _SPACES
    for font in BUNDLED_FONTS:
        if not missing:
            break
        missing = missing - _characters_of(font)
    return missing


_SPACES = frozenset(char for char in map(chr, range(0x3000 + 1)) if char.isspace())


@functools.cache
def _characters_of(font: BundledFont) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    with resources.as_file(font.source()) as path:
        return frozenset(map(chr, TTFont(path, lazy=True).getBestCmap()))


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry)
    else:
        entry.unlink()
