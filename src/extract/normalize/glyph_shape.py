"""Glyphs read by their shape where a font's Unicode map gives a character improbable where it stands.

Some fonts' maps lie beyond what :mod:`.glyph_repair` can read from the text around them: 方正
symbol fonts map 〔 〕 and the Roman numerals to ordinary ideographs (〔 → 暡, Ⅱ → 栻), a
font's whole map can be private-use or garbage. No table of such fonts can be complete, so the
glyph's shape is taken as the truth: the glyph is rendered from the PDF and recognised by the OCR
engine (:mod:`extract.parse.ocr.glyphs`). Which characters are read so:

* **an ideograph from a symbol or digit font** — a font that prints mostly figures, Latin and
  marks, or whose ideographs are mostly outside GB 2312 (the 6,763 characters of ordinary
  text), gives an ideograph outside GB 2312;
* **a character between a 发文字号's organ code and its year, or between the year and the
  number** where a bracket belongs (某府发暡2019暢5号);
* **Private Use and Yi syllables** that :mod:`.glyph_repair` leaves (a private-use point
  between digits and the Yi code points of 方正's GB codes are its own);
* **every character of a font whose map is garbage**: most of its codes private-use, Yi,
  control characters or U+FFFD.

The first two kinds accept only a reading that is not an ideograph (a mark, a figure, a Latin
letter, a Roman numeral): an ideograph that is really printed (a rare name set in a fallback
font) then stays whatever the recogniser thinks of it. Each distinct (font, code) is read once,
at its first occurrence, and the answer applied to every occurrence; fonts whose map is fine are
never rendered, and a document without any such character costs one pass over its characters.

The lines' text is corrected before the structure stage reads it (a 发文字号 must be found by its
brackets); the normalizer logs each corrected character under the field it lands in, as rule
``glyph_shape`` with the code point, font and confidence (:class:`GlyphShapes`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..model import Box, Line, ParsedDocument
from .glyph_repair import gb_code_marks, is_founder_font

# Distinct glyphs read at most per document: a font whose whole map is garbage is read in full
# up to this, and a pathological PDF cannot make the pass run for minutes.
MAX_GLYPHS = 300
# Readings below this confidence are left alone. A lone glyph is read with less confidence than a
# line (nothing around it to say a bracket from a parenthesis): a little under the engine's 0.5.
MIN_CONFIDENCE = 0.4
# A glyph at least this wide for its height is full-width: a mark read as its ASCII form is the
# full-width one.
FULL_WIDTH = 0.75

_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_YI = re.compile("[\ua000-\ua4cf]")
_GARBAGE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff\ua000-\ua4cf\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")
# Anything some kind starts from; a document without one is left at once (see _might_need).
_DIGIT = "0-9０-９"
_OPENERS = "〔［[（(【〖"
_CLOSERS = "〕］]）)】〗"
# organ code, the mark before the year, the year, the mark after it, the number, 号
_DOC_NUMBER = re.compile(
    rf"[\u4e00-\u9fff]\s*([^\s{_DIGIT}{re.escape(_OPENERS)}])\s*((?:19|20)[0-9]{{2}}|(?:１９|２０)[０-９]{{2}})"
    rf"\s*([^\s{_DIGIT}{re.escape(_CLOSERS)}])\s*[{_DIGIT}]{{1,5}}\s*号"
)
_ROMAN = {
    "I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ", "VI": "Ⅵ", "VII": "Ⅶ", "VIII": "Ⅷ", "IX": "Ⅸ",
    "X": "Ⅹ", "XI": "Ⅺ", "XII": "Ⅻ",
}  # fmt: skip
# The recogniser reads the 六角括号 of Chinese typesetting as square brackets; a full-width glyph
# read as an ASCII mark is that mark's full-width form.
_FULL_FORMS = {"[": "〔", "]": "〕", "(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_DOUBLE_QUOTES = '"“”＂'
_QUOTES = _DOUBLE_QUOTES + "'`‘’＇"
# A full-width quote mark's ink sits at least this far (share of its box) off the box's middle.
QUOTE_SIDE = 0.1


@dataclass(frozen=True, slots=True)
class GlyphShape:
    """A character of the text layer read again from its glyph."""

    font: str
    before: str
    after: str
    confidence: float

    @property
    def detail(self) -> str:
        return f"U+{ord(self.before):04X} font {self.font} confidence {self.confidence:.2f}"


@dataclass(slots=True)
class GlyphShapes:
    """The characters corrected in the lines, by (page, character box), for the normalizer's log."""

    by_box: dict[tuple[int, Box], GlyphShape] = field(default_factory=dict)
    read: int = 0  # distinct glyphs rendered and recognised

    def __bool__(self) -> bool:
        return bool(self.by_box)

    def at(self, page: int, box: Box | None) -> GlyphShape | None:
        return None if box is None else self.by_box.get((page, box))


# ---- which characters are improbable --------------------------------------------------------


def _text_lines(parsed: ParsedDocument) -> Iterator[Line]:
    """Every line read from the text layer: content, table cells and notes under tables."""
    for page in parsed.pages:
        yield from page.lines
        for table in page.tables:
            for row in table.rows:
                for cell in row:
                    if cell is not None:
                        yield from cell.lines
            yield from table.notes


def _fonts(line: Line) -> list[str | None]:
    fonts: list[str | None] = [None] * len(line.text)
    for span in line.spans:
        fonts[max(span.start, 0) : min(span.end, len(line.text))] = [span.font] * (
            min(span.end, len(line.text)) - max(span.start, 0)
        )
    return fonts


@lru_cache(maxsize=1)
def _gb2312() -> frozenset[str]:
    # the ideograph rows B0–F7, decoded a row at a time (the few empty codes give U+FFFD)
    rows = bytes(b for row in range(0xB0, 0xF8) for cell in range(0xA1, 0xFF) for b in (row, cell))
    return frozenset(rows.decode("gb2312", errors="replace")) - {"\ufffd"}


def _common(ch: str) -> bool:
    """An ideograph of GB 2312, the character set of ordinary simplified text."""
    return ch in _gb2312()


def _might_need(text: str) -> bool:
    if _GARBAGE.search(text):
        return True
    common = _gb2312()
    return any(ch not in common for ch in _IDEOGRAPH.findall(text))


Occurrence = tuple[Line, int]
Key = tuple[str, str]  # (font, code)


@dataclass(slots=True)
class _Survey:
    occurrences: dict[Key, list[Occurrence]] = field(default_factory=lambda: defaultdict(list))
    # per font: occurrences of GB 2312 ideographs, other ideographs, other printed characters
    common: Counter[str] = field(default_factory=Counter)
    rare: Counter[str] = field(default_factory=Counter)
    other: Counter[str] = field(default_factory=Counter)
    codes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # found where a 发文字号's brackets belong: the opening one (before the year) or the closing one
    context: dict[Key, str] = field(default_factory=dict)
    beside_digits: set[Key] = field(default_factory=set)  # private use between two digits


def _survey(lines: list[Line]) -> _Survey:
    s = _Survey()
    for line in lines:
        if line.origin is not None or line.line_no is not None or len(line.char_boxes) != len(line.text):
            continue  # recognised text and a text dump have no font map; a glyph without its box cannot be rendered
        fonts = _fonts(line)
        text = line.text
        for i, ch in enumerate(text):
            font = fonts[i]
            if font is None or ch.isspace() or i in line.inserted_spaces:
                continue
            s.occurrences[(font, ch)].append((line, i))
            s.codes[font].add(ch)
            if _IDEOGRAPH.match(ch):
                (s.common if _common(ch) else s.rare)[font] += 1
            else:
                s.other[font] += 1
            if _PRIVATE.match(ch) and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                s.beside_digits.add((font, ch))
        for m in _DOC_NUMBER.finditer(text):
            for group, role in ((1, "〔"), (3, "〕")):
                i = m.start(group)
                if fonts[i] is not None:
                    s.context.setdefault((fonts[i], text[i]), role)
    return s


def _suspects(s: _Survey) -> dict[Key, bool]:
    """(font, code) to read, in order of first occurrence, each with whether an ideograph may be the answer.

    Every ideograph of a symbolic font is read, the ordinary ones too (its map may give 格 for Ⅲ).
    """
    gb_marks = gb_code_marks()

    def owned(font: str, ch: str) -> bool:
        """A code :mod:`.glyph_repair` reads: 方正's GB-code marks."""
        return ch in gb_marks and is_founder_font(font)

    garbage = {
        font
        for font, codes in s.codes.items()
        if len(codes) >= 3 and sum(bool(_GARBAGE.match(c)) and not owned(font, c) for c in codes) * 2 >= len(codes)
    }
    symbolic = {
        font
        for font in s.codes
        if s.rare[font] and (s.other[font] > s.common[font] + s.rare[font] or s.rare[font] > s.common[font])
    }
    out: dict[Key, bool] = {}
    for key in s.occurrences:
        font, ch = key
        if owned(font, ch):
            continue
        if font in garbage:
            out[key] = True
        elif _PRIVATE.match(ch) and key not in s.beside_digits:
            out[key] = True
        elif _YI.match(ch):
            out[key] = True
        elif key in s.context or (font in symbolic and _IDEOGRAPH.match(ch)):
            out[key] = False
    return out


# ---- what a reading says -------------------------------------------------------------------------


def _answer(
    reading: str, box: Box, ideograph_ok: bool, bracket: str | None = None, ink_x: float | None = None
) -> str | None:
    """The one character a glyph's reading stands for, or None when the reading cannot be one.

    ``bracket``: the 发文字号 bracket the glyph's place asks for (〔 or 〕); any bracket read
    there is that one, as GB/T 9704 prints it (the doc number's reader evens them anyway).
    ``ink_x``: where the glyph's ink sits across its box (0 to 1), measured for a glyph read
    alone: a full-width quote mark's side says which it is (” sits left in its em, “ right),
    which the recogniser, seeing one mark, cannot.
    """
    text = re.sub(r"\s+", "", reading)
    if bracket is not None and len(text) == 1 and text in _OPENERS + _CLOSERS:
        return bracket
    full = box.width >= FULL_WIDTH * box.height
    if text.upper() in _ROMAN and (full or len(text) > 1):
        return _ROMAN[text.upper()]
    if len(text) != 1:
        return None
    if text in _QUOTES:
        if not full:
            return text if ideograph_ok else None
        if ink_x is None or abs(ink_x - 0.5) < QUOTE_SIDE:
            return None  # a quote mark in the middle of its em: no side to tell it by
        double = text in _DOUBLE_QUOTES
        return ("”" if double else "’") if ink_x < 0.5 else ("“" if double else "‘")
    if full and text in _FULL_FORMS:
        text = _FULL_FORMS[text]
    if _IDEOGRAPH.match(text) and not ideograph_ok:
        return None
    return text


def _runs(survey: _Survey, suspects: dict[Key, bool]) -> list[list[Occurrence]]:
    """Suspect glyphs printed one after the other in one font, in document order: read together,
    a run of figures is read as a number (a lone 0 may be an O, a lone 1 an l)."""
    runs: list[list[Occurrence]] = []
    seen: set[tuple[int, int]] = set()
    for key in suspects:
        for line, i in survey.occurrences[key]:
            if (id(line), i) in seen:
                continue
            fonts = _fonts(line)
            lo = i
            while lo > 0 and (fonts[lo - 1], line.text[lo - 1]) in suspects and fonts[lo - 1] == fonts[i]:
                lo -= 1
            hi = i + 1
            while hi < len(line.text) and (fonts[hi], line.text[hi]) in suspects and fonts[hi] == fonts[i]:
                hi += 1
            seen.update((id(line), j) for j in range(lo, hi))
            runs.append([(line, j) for j in range(lo, hi)])
    return runs


Read = tuple[str, float, Box, float | None]  # text, confidence, the glyph's box, where its ink sits


def _read(path: Path, password: str | None, survey: _Survey, suspects: dict[Key, bool]) -> dict[Key, Read]:
    """Each suspect's reading (text, confidence, the box it was read in): each run of glyphs that holds
    one not yet read is read whole, and a run whose reading does not give one character per glyph
    is read again glyph by glyph."""
    from ..parse.ocr.glyphs import read_glyphs

    got: dict[Key, Read] = {}
    pending = set(suspects)
    chosen: list[list[Occurrence]] = []
    for run in _runs(survey, suspects):
        keys = {(_fonts(line)[j], line.text[j]) for line, j in run}
        if keys & pending:
            chosen.append(run)
            pending -= keys
    boxes = [(run[0][0].page, Box.enclosing([line.char_boxes[j] for line, j in run])) for run in chosen]
    singles: dict[Key, Occurrence] = {}
    for run, reading in zip(chosen, read_glyphs(path, boxes, password), strict=True):
        text = re.sub(r"\s+", "", reading.text) if reading else ""
        for k, (line, j) in enumerate(run):
            key = (_fonts(line)[j], line.text[j])
            if key in got or key in singles:
                continue
            if len(run) > 1 and reading is not None and len(text) == len(run) and text[k] not in _QUOTES:
                got[key] = (text[k], reading.confidence, line.char_boxes[j], None)
            elif len(run) == 1 and reading is not None:
                got[key] = (reading.text, reading.confidence, line.char_boxes[j], reading.ink_x)
            else:
                singles[key] = (line, j)
    if singles:
        glyphs = [(line.page, line.char_boxes[j]) for line, j in singles.values()]
        for (key, (line, j)), reading in zip(singles.items(), read_glyphs(path, glyphs, password), strict=True):
            if reading is not None:
                got[key] = (reading.text, reading.confidence, line.char_boxes[j], reading.ink_x)
    return got


def read_glyph_shapes(parsed: ParsedDocument, path: Path, password: str | None = None) -> GlyphShapes:
    """Read the improbable characters of a PDF's text layer from their glyphs and correct the lines
    in place; the corrections by box, for the normalizer's log."""
    shapes = GlyphShapes()
    every = list(_text_lines(parsed))
    text = "\n".join(line.text for line in every)
    if not (_GARBAGE.search(text) or _DOC_NUMBER.search(text) or set(_IDEOGRAPH.findall(text)) - _gb2312()):
        return shapes  # nothing improbable anywhere: the common case, one look over the text
    lines = [line for line in every if _might_need(line.text) or "号" in line.text]
    survey = _survey(lines)
    suspects = dict(list(_suspects(survey).items())[:MAX_GLYPHS])
    if not suspects:
        return shapes
    try:
        readings = _read(path, password, survey, suspects)
    except InputError:
        raise  # the document's time limit
    except Exception:  # noqa: BLE001 - PDFium refusing a page pdfminer read: the text layer stays as mapped
        return shapes
    shapes.read = len(suspects)
    for key, ideograph_ok in suspects.items():
        if key not in readings:
            continue
        text, confidence, box, ink_x = readings[key]
        if confidence < MIN_CONFIDENCE:
            continue
        after = _answer(text, box, ideograph_ok, survey.context.get(key), ink_x)
        if after is None or after == key[1]:
            continue
        shape = GlyphShape(key[0], key[1], after, round(confidence, 4))
        for line, j in survey.occurrences[key]:
            line.text = line.text[:j] + after + line.text[j + 1 :]
            shapes.by_box[(line.page, line.char_boxes[j])] = shape
    return shapes
