"""Paragraphs from layout: the text frame of the pages and where paragraphs start.

A GB/T 9704 page sets body text in one size, flush with a left margin, with the
first line of every paragraph indented by two characters. A paragraph starts at

* a line that is not flush with the left margin (first-line indent, centred or
  right-aligned lines),
* a change of font size, or of typeface (宋体/黑体/楷体/仿宋, regular/bold) after a
  line that stops short of the right margin (headings, bold titles),
* an unusually large vertical gap on the same page,
* a line after one that ends well short of the right margin, with a sentence mark or far enough
  short that no line-breaking rule can explain it.

Punctuation alone never decides: a paragraph may end without 。 and a full line
may end with 。 in mid-paragraph. A paragraph continues across a page break.
When the lines carry no layout at all (every line starts at the same x, as in a
text dump with synthetic boxes), every line is a paragraph of its own.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from ..model import Box, Line, ParsedDocument, Span, Where

# A line this many characters short of the right margin was ended on purpose, whatever its last
# character; line-breaking rules (no 。 at a line start, no “ at a line end) push at most three.
SHORT_ANY = 4.0
# ... and this many when it ends with a sentence mark.
SHORT_SENTENCE = 1.5
SENTENCE_END = "。！？；：!?;:”’）)"
GAP_FACTOR = 1.6

_HEI = re.compile(r"hei|sans|gothic|黑|yahei|dengxian|等线", re.IGNORECASE)
_KAI = re.compile(r"kai|楷", re.IGNORECASE)
_FANGSONG = re.compile(r"fangsong|fang|仿宋|fs_gb", re.IGNORECASE)
_BOLD = re.compile(r"bold|heavy|black|semibold|demi|xbs|小标宋|biaosong", re.IGNORECASE)


def typeface(font: str) -> str:
    """The Chinese typeface class of a font name: hei, kai, fangsong or song (the default)."""
    if _KAI.search(font):
        return "kai"
    if _FANGSONG.search(font):
        return "fangsong"
    if _HEI.search(font):
        return "hei"
    return "song"


def _is_cjk_char(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF


def _span_at(line: Line, index: int) -> Span | None:
    for span in line.spans:
        if span.start <= index < span.end:
            return span
    return None


def edge_style(line: Line, last: bool) -> tuple[str, bool, float] | None:
    """Typeface, boldness and size at the first (or last) Chinese character of a line.

    Latin runs are skipped: digits are often set in another font than the text
    around them, which is no change of style.
    """
    order = range(len(line.text) - 1, -1, -1) if last else range(len(line.text))
    for i in order:
        if _is_cjk_char(line.text[i]):
            span = _span_at(line, i)
            if span is not None:
                return typeface(span.font), bool(span.bold or _BOLD.search(span.font)), round(span.size, 1)
    return None


def _clusters(values: list[float], tol: float) -> list[tuple[float, int]]:
    """Sorted values grouped within ``tol``: (mean, count) per group, left to right."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [(sum(g) / len(g), len(g)) for g in out]


def _left_margin(lefts: list[tuple[float, int]], size: float) -> float:
    """The leftmost line start shared by several lines, or a single one a first-line indent
    to the left of such a start (a short notice may have one flush line: its recipients)."""
    shared = [c for c in lefts if c[1] >= 2]
    if not shared:
        return lefts[0][0]
    for x, n in lefts:
        if n >= 2 or 0 < shared[0][0] - x <= 3.5 * size:
            return x
    return shared[0][0]


@dataclass
class Frame:
    """Body size, margins and line pitch of a document, per page geometry (and per column of
    pages read in columns: each column has its own margins, so a line's indent is measured
    from its own column)."""

    size: float = 16.0
    left: dict[tuple[int, ...], float] = field(default_factory=dict)
    right: dict[tuple[int, ...], float] = field(default_factory=dict)
    page_geometry: dict[int, tuple[int, int]] = field(default_factory=dict)
    page_width: dict[int, float] = field(default_factory=dict)
    pitch: float = 0.0
    per_line: bool = False  # no layout signals: every line is a paragraph

    @classmethod
    def of(cls, parsed: ParsedDocument) -> Frame:
        lines = parsed.content_lines()
        frame = cls()
        for page in parsed.pages:
            frame.page_geometry[page.number] = (round(page.width), round(page.height))
            frame.page_width[page.number] = page.width
        if not lines:
            return frame
        sizes: Counter[float] = Counter()
        for line in lines:
            sizes[round(line.size * 2) / 2] += sum(1 for ch in line.text if not ch.isspace())
        frame.size = sizes.most_common(1)[0][0] or 16.0
        s = frame.size
        body = [line for line in lines if abs(line.size - s) < 1.0]
        groups: dict[tuple[int, ...], list[Line]] = {}
        for line in body:
            groups.setdefault(frame.page_geometry.get(line.page, (0, 0)), []).append(line)
            if line.column is not None:
                groups.setdefault(frame._key(line.page, line.column), []).append(line)
        for key, group in groups.items():
            frame.left[key] = _left_margin(_clusters([line.box.x0 for line in group], 1.0), s)
            rights = _clusters([line.box.x1 for line in group], 1.0)
            # The right margin is where most lines end: the most common line end among the
            # rightmost ones (an odd line can overshoot by a hanging Latin mark).
            far = [c for c in rights if c[0] >= rights[-1][0] - 3 * s]
            frame.right[key] = max(far, key=lambda c: (c[1], -c[0]))[0]
        pitches = []
        for a, b in zip(body, body[1:], strict=False):
            if a.page == b.page and 0 < b.box.top - a.box.top < 3 * s:
                pitches.append(b.box.top - a.box.top)
        frame.pitch = statistics.median(pitches) if pitches else 1.8 * s
        xs = [line.box.x0 for line in lines]
        frame.per_line = len(lines) >= 2 and max(xs) - min(xs) < 0.5
        return frame

    # ---- geometry of one line -------------------------------------------------

    def _key(self, page: int, column: int | None = None) -> tuple[int, ...]:
        geometry = self.page_geometry.get(page, (0, 0))
        return geometry if column is None else (*geometry, column)

    def left_of(self, page: int, column: int | None = None) -> float:
        key = self._key(page, column)
        if key in self.left:
            return self.left[key]
        if column is not None:
            return self.left_of(page)
        return min(self.left.values()) if self.left else 0.0

    def right_of(self, page: int, column: int | None = None) -> float:
        key = self._key(page, column)
        if key in self.right:
            return self.right[key]
        if column is not None:
            return self.right_of(page)
        return max(self.right.values()) if self.right else 0.0

    def centre_of(self, page: int, column: int | None = None) -> float:
        return (self.left_of(page, column) + self.right_of(page, column)) / 2

    def kind(self, line: Line) -> str:
        """flush (with the left margin), indent (a paragraph's first line) or other."""
        if self.per_line:
            return "flush"
        offset = line.box.x0 - self.left_of(line.page, line.column)
        if abs(offset) <= 0.5 * self.size:
            return "flush"
        if 0.5 * self.size < offset <= 3.5 * self.size:
            return "indent"
        return "other"

    def shortfall(self, line: Line) -> float:
        """How many characters the line stops short of the right margin."""
        return (self.right_of(line.page, line.column) - line.box.x1) / self.size

    def is_right_side(self, line: Line) -> bool:
        """Set to the right of the text column (dates, signatures)."""
        centre = (line.box.x0 + line.box.x1) / 2
        return self.kind(line) == "other" and centre > self.centre_of(line.page, line.column)

    def is_centred(self, line: Line, slack: float = 2.0) -> bool:
        centre = (line.box.x0 + line.box.x1) / 2
        return abs(centre - self.centre_of(line.page, line.column)) <= slack * self.size

    # ---- paragraphs -------------------------------------------------------------

    def starts_paragraph(self, prev: Line | None, line: Line) -> bool:
        if prev is None or self.per_line:
            return True
        if self.kind(line) != "flush":
            return True
        a, b = edge_style(prev, last=True), edge_style(line, last=False)
        if a and b and abs(a[2] - b[2]) >= 1.0:
            return True
        if line.page == prev.page and line.box.top - prev.box.top > GAP_FACTOR * self.pitch:
            return True
        short = self.shortfall(prev)
        if a and b and a[:2] != b[:2] and short >= 0.5:
            return True
        if short >= SHORT_ANY:
            return True
        tail = prev.text.rstrip()[-1:]
        return bool(tail) and tail in SENTENCE_END and short >= SHORT_SENTENCE

    def paragraphs(self, lines: list[Line]) -> list[list[Line]]:
        out: list[list[Line]] = []
        prev: Line | None = None
        for line in lines:
            if not out or self.starts_paragraph(prev, line):
                out.append([line])
            else:
                out[-1].append(line)
            prev = line
        return out


# ---- helpers on lines -------------------------------------------------------------


def where_of(lines: list[Line]) -> list[Where]:
    """One box per page (per column on a page read in columns: a box across both would claim
    the other column's text): the union of the lines' boxes there (with the first line's number
    in a text input)."""
    by_part: dict[tuple[int, int], Box] = {}
    line_no: dict[tuple[int, int], int | None] = {}
    for line in lines:
        key = (line.page, -1 if line.column is None else line.column)
        by_part[key] = by_part[key].union(line.box) if key in by_part else line.box
        line_no.setdefault(key, getattr(line, "line_no", None))
    return [Where(key[0], box, line_no[key]) for key, box in sorted(by_part.items())]


def pages_of(lines: list[Line]) -> list[int]:
    return sorted({line.page for line in lines})


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def slice_line(line: Line, start: int, end: int) -> Line:
    """Characters ``start:end`` of a line as a line of their own."""
    return line.slice(start, end)


def split_on_gaps(line: Line, min_gap: float) -> list[Line]:
    """A line cut where its glyphs leave a gap of at least ``min_gap`` points.

    Pieces of one character are letter-spacing, not separate items, so then the
    line is kept whole.
    """
    if not line.char_boxes or len(line.char_boxes) != len(line.text):
        return [line]
    cuts: list[tuple[int, int]] = []
    start = 0
    i = 0
    text = line.text
    while i < len(text):
        if text[i].isspace():
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            if 0 < i and j < len(text) and line.char_boxes[j].x0 - line.char_boxes[i - 1].x1 >= min_gap:
                cuts.append((start, i))
                start = j
            i = j
        else:
            i += 1
    cuts.append((start, len(text)))
    pieces = [slice_line(line, a, b) for a, b in cuts if text[a:b].strip()]
    if len(pieces) > 1 and all(len(compact(p.text)) >= 2 for p in pieces):
        return pieces
    return [line]
