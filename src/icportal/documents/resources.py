"""Fonts and the sRGB colour profile, loaded once per process.

Rendering must not re-read ~1 MB of TrueType per certificate. At first use each font is cut down
to the characters certificates normally need (the "core" set: ASCII, Latin-1, ₹ and common
punctuation) and parsed once by fpdf2; every document then gets a cheap copy with its own glyph
subset. Text outside the core set (Devanagari, Tamil, other scripts) goes through fallback fonts,
added to a document only when its text needs them.

The IC's fixed Hindi headings get a font of their own, shaped and cut once per process (shaped.py).
"""

from __future__ import annotations

import copy
import hashlib
import io
import tempfile
import zlib
from functools import cache
from importlib import resources
from pathlib import Path

import fpdf.output as fpdf_output
import fpdf.syntax as fpdf_syntax
from fontTools import subset as ft_subset
from fontTools.ttLib import OPTIMIZE_FONT_SPEED, TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/noto"))
CORE_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Tried in this order for characters outside the core set.
FALLBACK_FILES = (
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansTamil-Regular.ttf",
    "NotoSansBengali-Regular.ttf",
    "NotoSansGurmukhi-Regular.ttf",
    "NotoSansGujarati-Regular.ttf",
    "NotoSansTelugu-Regular.ttf",
    "NotoSansKannada-Regular.ttf",
    "NotoSansMalayalam-Regular.ttf",
    "NotoSansOriya-Regular.ttf",
    "DejaVuSans.ttf",
)
CORE_CHARS = frozenset(
    [
        *range(32, 127),
        *range(160, 256),
        8211,
        8212,
        8216,
        8217,
        8220,
        8221,
        8226,
        8230,
        8377,
        8482,
        8722,
    ]
)
# Characters fpdf2 needs to reach the fallback or shaping path: anything not in the core set.
COMPLEX_SCRIPTS = (
    (0x0900, 0x0DFF),  # Devanagari … Sinhala: need shaping (matras, conjuncts)
    (0x0590, 0x08FF),  # Hebrew, Arabic: right-to-left
)


class FontMissing(RuntimeError):
    pass


def font_path(name: str) -> Path:
    for directory in FONT_DIRS:
        if (directory / name).exists():
            return directory / name
    raise FontMissing(
        f"Font {name} is not installed (Debian packages fonts-dejavu-core and fonts-noto-core)"
    )


@cache
def icc_profile() -> bytes:
    """sRGB IEC61966-2.1, shipped inside pikepdf (used for PDF/A output intents)."""
    return resources.files("pikepdf").joinpath("pdfa/data/sRGB.icc").read_bytes()


class _Prototype:
    """A parsed font plus the bytes to re-open for each document's subsetting (done in place)."""

    def __init__(self, family: str, style: str, data: bytes, path: Path, precut: bool = False):
        self.data, self.precut = data, precut
        host = FPDF()
        self.font = TTFFont(host, path, f"{family}{style}".lower(), style)
        self.font.ttfont.close()
        self.chars = frozenset(self.font.cmap)

    def install(self, pdf: FPDF, fontkey: str) -> None:
        font = copy.copy(self.font)
        font.i = len(pdf.fonts) + 1
        font.fontkey = fontkey
        # Re-opened per document because fpdf2 subsets it in place; glyphs are copied as stored
        # (no bounding-box recalculation, no size-optimising recompression).
        cls = _PrecutFont if self.precut else TTFont
        font.ttfont = cls(io.BytesIO(self.data), lazy=True, recalcBBoxes=False)
        font.ttfont.cfg[OPTIMIZE_FONT_SPEED] = True
        font.ttfont.icportal_data = self.data
        font.missing_glyphs = []
        font.subset = SubsetMap(font)
        pdf.fonts[fontkey] = font


class _PrecutFont(TTFont):
    """A core font: embedded exactly as cut once per process (fpdf2 only reads it)."""

    icportal_precut = True

    def save(self, file, reorderTables=True):
        file.write(self.icportal_data)


class _MemoZlib:
    """zlib for fpdf2's streams, remembering the compressed form of large repeated inputs.

    The core fonts and the colour profile are the same bytes in every document; compressing
    them again each time was a third of the rendering time.
    """

    def __init__(self):
        self._memo: dict[bytes, bytes] = {}

    def compress(self, data, level=-1):
        if len(data) < 8192:
            return zlib.compress(data, level)
        key = hashlib.blake2b(data, digest_size=20).digest() + bytes([level & 0xFF])
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) > 64:
                self._memo.clear()
            found = self._memo[key] = zlib.compress(data, level)
        return found

    def __getattr__(self, name):
        return getattr(zlib, name)


fpdf_syntax.zlib = _MemoZlib()


class _SubsetModule:
    """Stands in for fontTools.subset inside fpdf2's output module.

    The core fonts are already cut to ~200 glyphs once per process; subsetting them again for
    every document costs more than everything else in rendering, so they are embedded as cut.
    Every other font (the fallbacks) is subset per document as fpdf2 normally does.
    """

    Options = ft_subset.Options

    class Subsetter(ft_subset.Subsetter):
        def subset(self, font):
            if not getattr(font, "icportal_precut", False):
                super().subset(font)


fpdf_output.ftsubset = _SubsetModule


def subset_font(path, *, drop: list[str], populate: dict, **settings) -> bytes:
    """The font at `path` cut to what `populate` names (`unicodes=` or `glyphs=`), without layout
    features and the `drop` tables; `settings` are further fontTools subset options."""
    font = TTFont(path)
    options = ft_subset.Options()
    options.notdef_outline = True
    options.recommended_glyphs = True
    options.layout_features = []
    for name, value in settings.items():
        setattr(options, name, value)
    options.drop_tables += drop
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(**populate)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cut(path: Path) -> bytes:
    drop = ["FFTM", "GPOS", "GSUB", "GDEF", "kern"]
    return subset_font(path, drop=drop, populate={"unicodes": CORE_CHARS})


def _precut(family: str, style: str, data: bytes) -> _Prototype:
    """A font cut once per process, embedded in each document as it is (no subsetting)."""
    # fpdf2 parses from a path: keep the cut font in a private temporary file of this process.
    cut_path = Path(tempfile.mkdtemp(prefix="icportal-fonts-")) / f"{family}{style or 'R'}.ttf"
    cut_path.write_bytes(data)
    return _Prototype(family, style, data, cut_path, precut=True)


@cache
def core_font(style: str) -> _Prototype:
    return _precut("core", style, _cut(font_path(CORE_FILES[style])))


@cache
def fallback_font(name: str) -> _Prototype:
    path = font_path(name)
    return _Prototype(f"fb{FALLBACK_FILES.index(name)}", "", path.read_bytes(), path)


def fallback_fonts_for(chars: set[int]) -> list[tuple[str, _Prototype]]:
    """The fallback fonts a document needs for the characters its core font lacks."""
    missing = {c for c in chars if c not in CORE_CHARS and c > 0x20}
    chosen = []
    for name in FALLBACK_FILES:
        if not missing:
            break
        try:
            proto = fallback_font(name)
        except FontMissing:
            continue
        covered = missing & proto.chars
        if covered:
            chosen.append((f"fb{FALLBACK_FILES.index(name)}", proto))
            missing -= covered
    return chosen


def needs_shaping(chars: set[int]) -> bool:
    return any(lo <= c <= hi for c in chars for lo, hi in COMPLEX_SCRIPTS)


def warm() -> None:
    """Load the fonts and colour profile now (called by the benchmark and worker start)."""
    from . import render, shaped  # the renderer's Hindi headings; both import this module

    core_font("")
    core_font("B")
    shaped.headings(render.HINDI_TEXTS)
    icc_profile()
