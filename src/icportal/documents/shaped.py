"""The IC's fixed Hindi headings, shaped by HarfBuzz once per process and written per document.

Shaping a heading through fpdf2's `cell()` costs 2–4 ms (bidi analysis, font fallback, HarfBuzz,
glyph lookups in a font re-opened per document), and subsetting Noto Sans Devanagari per document
another 100 ms; an IC has about 25 headings on its first page. The headings never change, so once
per process each is cut into runs — the characters Noto Sans Devanagari has (Devanagari, spaces,
digits, ₹, brackets), shaped by HarfBuzz with the whole font into positioned glyphs (conjuncts, half
forms, reordered matras), and the Latin letters of identifiers (IC, HS, EPC …) that the core font
writes — and the font is cut to exactly the glyphs the shaping chose (no layout tables left: the
shaping is done). A document then numbers those glyphs in its own subset and writes them the way
fpdf2 writes shaped text, with the same glyphs, positions and ToUnicode map.

Each run is also marked with its text (`/ActualText`): a reordered matra's glyph comes before its
consonant's, and the ToUnicode map alone made text extraction read "विवरण" as "वि वरण".
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

import uharfbuzz as hb
from fontTools.ttLib import TTFont
from fpdf.fonts import Glyph

from . import resources

FONT_FILE = "NotoSansDevanagari-Regular.ttf"  # Debian package fonts-noto-core


@dataclass(frozen=True)
class Placed:
    glyph: Glyph  # its id and name in the cut font, the characters it stands for, its width
    x_advance: int  # font units
    x_offset: int
    y_offset: int
    moved: bool  # HarfBuzz placed it other than its own advance: set the position after it


@dataclass(frozen=True)
class Run:
    text: str
    shaped: tuple[Placed, ...]  # empty: a run of the core font (Latin letters)

    def advance(self) -> int:
        return sum(p.x_advance for p in self.shaped)


@dataclass(frozen=True)
class Headings:
    font: resources._Prototype  # installed in each document as "hindi"
    runs: dict[str, tuple[Run, ...]]


@cache
def headings(texts: tuple[str, ...]) -> Headings:
    path = resources.font_path(FONT_FILE)
    full = TTFont(path, lazy=True)
    hbfont = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
    covered = set(full.getBestCmap())
    cut: dict[str, list[tuple[bool, str, list]]] = {}
    for text in texts:
        pieces: list[tuple[bool, str]] = []
        for ch in text:
            ours = ord(ch) in covered
            if pieces and pieces[-1][0] == ours:
                pieces[-1] = (ours, pieces[-1][1] + ch)
            else:
                pieces.append((ours, ch))
        cut[text] = [(ours, p, _shape(hbfont, full, p) if ours else []) for ours, p in pieces]
    names = sorted({g[0] for parts in cut.values() for _, _, gs in parts for g in gs})
    data = _cut(path, names)
    ids = {name: gid for gid, name in enumerate(TTFont(io.BytesIO(data)).getGlyphOrder())}
    font = resources._precut("hindi", "", data)
    runs = {
        text: tuple(
            Run(piece, tuple(_placed(g, ids, font.font.scale, full) for g in glyphs))
            for _, piece, glyphs in parts
        )
        for text, parts in cut.items()
    }
    return Headings(font, runs)


def _shape(hbfont, full: TTFont, text: str) -> list[tuple]:
    """As fpdf2's `TTFFont.shape_text`: each glyph with the characters of its cluster (the first
    glyph of a cluster stands for all of them, the others for none)."""
    buf = hb.Buffer()
    buf.cluster_level = 1
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hbfont, buf, {})
    starts = sorted({info.cluster for info in buf.glyph_infos})
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    glyphs, seen = [], set()
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        chars = "" if info.cluster in seen else text[info.cluster : ends[info.cluster]]
        seen.add(info.cluster)
        name = full.getGlyphName(info.codepoint)
        glyphs.append((name, chars, pos.x_advance, pos.x_offset, pos.y_offset))
    return glyphs


def _placed(shaped: tuple, ids: dict, scale: float, full: TTFont) -> Placed:
    name, chars, x_advance, x_offset, y_offset = shaped
    width = round(scale * full["hmtx"].metrics[name][0])
    moved = x_advance != width or bool(x_offset or y_offset)
    glyph = Glyph(ids[name], tuple(map(ord, chars)), name, width)
    return Placed(glyph, x_advance, x_offset, y_offset, moved)


def _cut(path, names: list[str]) -> bytes:
    """The font with only these glyphs, their names kept (the documents' subsets refer to glyphs
    by name), without layout or hinting tables."""
    drop = ["FFTM", "DSIG", "GPOS", "GSUB", "GDEF"]
    return resources.subset_font(
        path, drop=drop, populate={"glyphs": names}, glyph_names=True, hinting=False
    )


def text_ops(pdf, run: Run, x: float, baseline: float) -> str:
    """The PDF operators writing a shaped run at x (mm) on `baseline` (mm from the top) in the
    current font of `pdf` (the headings font), numbering its glyphs in the document's subset."""
    font, k = pdf.current_font, pdf.k
    scale = font.scale * pdf.font_size_pt / 1000 / k  # font units -> mm
    said = "FEFF" + run.text.encode("utf-16-be").hex().upper()
    ops = [f"/Span <</ActualText <{said}>>> BDC BT {x * k:.2f} {(pdf.h - baseline) * k:.2f} Td"]
    pending = ""
    for p in run.shaped:
        if p.x_offset or p.y_offset:
            if pending:
                ops.append(f"({font.escape_text(pending)}) Tj")
                pending = ""
            ox, oy = x + p.x_offset * scale, baseline - p.y_offset * scale
            ops.append(f"1 0 0 1 {ox * k:.2f} {(pdf.h - oy) * k:.2f} Tm")
        pending += chr(font.subset.pick_glyph(p.glyph))
        x += p.x_advance * scale
        if p.moved:
            ops.append(f"({font.escape_text(pending)}) Tj")
            pending = ""
            ops.append(f"1 0 0 1 {x * k:.2f} {(pdf.h - baseline) * k:.2f} Tm")
    if pending:
        ops.append(f"({font.escape_text(pending)}) Tj")
    return " ".join([*ops, "ET EMC"])
