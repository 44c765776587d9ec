"""Recognised text boxes into the page model's ``Line`` objects, in PDF points.

The later stages read OCR text exactly as they read a text layer, so each row of text boxes
becomes one line with a box, a size, a font name (``ocr``) and one box per character, and
carries ``origin="ocr"`` and the engine's confidence.
"""

from __future__ import annotations

import re
import unicodedata

from ...model import Box, Line, Span
from .engine import TextBox

OCR_FONT = "ocr"
BLACK = "#000000"
RED = "#e60000"
# Two boxes are on one row when they overlap vertically by this share of the lower one.
ROW_OVERLAP = 0.5
# A gap between two boxes of one row wider than this share of an em is a space in the text.
GAP_EM = 0.6
# A line's em from its height, for lines too short to measure their character pitch: the
# detector's box stands a little taller than the characters.
HEIGHT_PER_EM = 1.15


# The year of a 发文字号 stands in hexagonal brackets 〔〕 (GB/T 9704), which the recogniser takes
# for square or round ones: read them as printed where a year in brackets precedes 号.
DOC_NUMBER_YEAR = re.compile(r"[［\[【(（〔]\s*(\d{4})\s*[］\]】)）〕](?=\s*\d{1,4}\s*号)")
# A dash between figures (2022—2024年) is read as the numeral 一, which never stands between two
# Arabic figures: read it as the dash it is.
FIGURE_DASH = re.compile(r"(?<=\d)一(?=\d)")


def curly_quotes(text: str) -> str:
    """Straight double quotes read where Chinese text prints curly ones, read as the curly ones.

    The recogniser often takes a closing ” for ", rarely an opening “. A " that closes an open “
    is ”; one that opens a quote a later ” closes is “. Other straight quotes stay as read.
    """
    chars = list(text)
    open_quote = False
    for i, ch in enumerate(chars):
        if ch == "“":
            open_quote = True
        elif ch == "”":
            open_quote = False
        elif ch == '"':
            if open_quote:
                chars[i], open_quote = "”", False
            elif "”" in chars[i + 1 :] and "“" not in chars[i + 1 : chars.index("”", i + 1)]:
                chars[i], open_quote = "“", True
    return "".join(chars)


def _units(ch: str) -> float:
    """Width of a character in ems: CJK and full-width forms one, the rest half."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5


def _rows(boxes: list[TextBox]) -> list[list[TextBox]]:
    rows: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: ((b.bounds[1] + b.bounds[3]) / 2, b.bounds[0])):
        _, top, _, bottom = box.bounds
        for row in rows:
            r_top = min(b.bounds[1] for b in row)
            r_bottom = max(b.bounds[3] for b in row)
            overlap = min(bottom, r_bottom) - max(top, r_top)
            if overlap >= ROW_OVERLAP * min(bottom - top, r_bottom - r_top):
                row.append(box)
                break
        else:
            rows.append([box])
    for row in rows:
        row.sort(key=lambda b: b.bounds[0])
    rows.sort(key=lambda row: min(b.bounds[1] for b in row))
    return rows


def _em(pieces: list[tuple[str, Box]]) -> float:
    """The character pitch of a row: its boxes' width over their characters, where long enough."""
    units = sum(_units(ch) for text, _ in pieces for ch in text)
    width = sum(box.width for _, box in pieces)
    height = max(box.height for _, box in pieces)
    if units >= 2:
        return min(width / units, height)  # justified text spreads characters, never beyond a box's height
    return height / HEIGHT_PER_EM


def _char_boxes(text: str, box: Box) -> list[Box]:
    """The box shared out among the characters by their widths."""
    units = [_units(ch) for ch in text]
    total = sum(units) or 1.0
    out, x = [], box.x0
    for u in units:
        step = box.width * u / total
        out.append(Box(x, box.top, x + step, box.bottom))
        x += step
    return out


# Full-width punctuation draws its ink in one half of its em: an opening bracket in the right
# half, a closing one or a stop in the left (quotes are left alone: fonts place them variously).
# The detector's box holds the ink only, so a line opening with 《 seems indented by half an em (a
# new paragraph, to the later stages) and a line closing with 。 seems to stop short. The box is
# given back the blank half a text layer's has.
OPENERS = "《（〈【『「〔"
CLOSERS = "。，、；：》）〉】』」〕！？"


def _full_width_ends(pieces: list[tuple[str, Box]], em: float) -> list[tuple[str, Box]]:
    if not pieces:
        return pieces
    out = list(pieces)
    text, box = out[0]
    if text[:1] in OPENERS:
        out[0] = (text, Box(box.x0 - em / 2, box.top, box.x1, box.bottom))
    text, box = out[-1]
    if text[-1:] in CLOSERS:
        out[-1] = (text, Box(box.x0, box.top, box.x1 + em / 2, box.bottom))
    return out


def row_line(page: int, row: list[TextBox], scale: float, color: str = BLACK) -> Line:
    """One row of text boxes (pixels; ``scale`` points per pixel) as a line."""
    pieces = []
    for b in row:
        x0, top, x1, bottom = b.bounds
        text = FIGURE_DASH.sub("—", DOC_NUMBER_YEAR.sub(r"〔\1〕", b.text.strip()))
        pieces.append((text, Box(x0 * scale, top * scale, x1 * scale, bottom * scale)))
    em = _em(pieces)
    pieces = _full_width_ends(pieces, em)
    text, boxes, spaces = "", [], set()
    for i, (piece, box) in enumerate(pieces):
        if i and box.x0 - boxes[-1].x1 >= GAP_EM * em:
            spaces.add(len(text))
            boxes.append(Box(boxes[-1].x1, box.top, box.x0, box.bottom))
            text += " "
        start = len(text)
        text += piece
        boxes.extend(_char_boxes(piece, box))
        # The engine's spaces are its reading of gaps, as the parse stage's implied spaces are.
        spaces.update(start + j for j, ch in enumerate(piece) if ch == " ")
    text = curly_quotes(text)
    line_box = Box.enclosing([box for _, box in pieces])
    return Line(
        page=page,
        text=text,
        box=line_box,
        spans=[Span(0, len(text), OCR_FONT, round(em, 2), False, color)],
        char_boxes=boxes,
        inserted_spaces=frozenset(spaces),
        origin="ocr",
        confidence=min(b.confidence for b in row),
    )


def to_lines(page: int, boxes: list[TextBox], scale: float, color: str = BLACK) -> list[Line]:
    """Text boxes of one page image as lines in reading order (top to bottom, left to right)."""
    return [row_line(page, row, scale, color) for row in _rows([b for b in boxes if b.text.strip()])]


# A line whose measured em lies this close to the body text's is set in the body size: the
# measure scatters by a tenth or so (justified spacing, punctuation read half-width), and the
# later stages read a change of size as a new paragraph or a heading.
SAME_SIZE = 0.2
# Lines at least this many ems long measure the body size.
BODY_UNITS = 10
# A short line this close under the line before it (in that line's heights) continues it: the
# last words of a wrapped title or paragraph, set in that line's size.
FOLLOWS = 1.6
ADOPT_SIZE = 0.3


def _line_units(line: Line) -> float:
    return sum(_units(ch) for ch in line.text if not ch.isspace())


def _snap(size: float, anchors: list[float]) -> float:
    """The nearest anchor within :data:`SAME_SIZE` of ``size``, or ``size`` itself."""
    near = [a for a in anchors if abs(size - a) <= SAME_SIZE * a]
    return min(near, key=lambda a: abs(size - a)) if near else size


def even_sizes(lines: list[Line]) -> list[Line]:
    """Sizes made comparable across lines.

    Long lines near the body size (the median pitch of long lines) are set to it. A one-character
    line, whose pitch says nothing, is sized by its height at the body lines' ratio of height to
    pitch. A short line right under another of a similar size takes that line's size (the last
    word of a wrapped title on a line of its own); other lines take the size of a long line near
    theirs, so that lines set alike compare equal.
    """
    long = [line for line in lines if _line_units(line) >= BODY_UNITS]
    if not long:
        return lines
    body = sorted(line.size for line in long)[len(long) // 2]
    ratios = sorted(line.box.height / line.size for line in long if abs(line.size - body) <= SAME_SIZE * body)
    ratio = ratios[len(ratios) // 2]
    anchors = sorted({_snap(line.size, [body]) for line in long})
    prev: Line | None = None
    for line in lines:
        units = _line_units(line)
        size = line.box.height / ratio if units < 2 else line.size
        follows = (
            prev is not None
            and prev.page == line.page
            and 0 <= line.box.top - prev.box.bottom <= FOLLOWS * prev.box.height
            and abs(size - prev.size) <= ADOPT_SIZE * prev.size
        )
        if units < BODY_UNITS and follows and prev is not None:
            size = prev.size
        elif abs(size - body) <= SAME_SIZE * body:
            size = body
        else:
            size = _snap(size, anchors)
        span = line.spans[0]
        line.spans = [Span(span.start, span.end, span.font, round(size, 2), span.bold, span.color)]
        prev = line
    return lines
