"""The normalization policy: rejoin wrapped lines, repair lying glyph maps, then t2s, widths and
spacing, logging every change.

The policy (the same for every text field), applied to a field's text after its
layout lines and page breaks have been rejoined:

0. **Glyph maps that lie are read as printed** (:mod:`.glyph_repair`): code
   points a font's Unicode map gives for marks it prints otherwise, recognised
   from the font and the text around them. GB codes read as Unicode by
   方正 / Founder fonts (``ꎬ`` U+A3AC → ``，``, ``ꎮ`` → ``。``, ``ꎻ`` → ``；``: the
   Yi-syllable code points U+A1A1–U+A3FE spell GB2312 rows 1–3) in a field set
   in a Founder font whose text is Chinese, not next to Yi text; ``« »``
   around CJK → ``《 》``; a private-use character between two digits, printed
   as narrow as a point → ``.``; full-width digits of a font that prints them
   half an em apart → ASCII. Genuine Yi text, guillemets around Latin text and
   full-width digits printed full-width stay. The published text never had
   those code points, so these edits count under ``pdf_layout``. Characters the glyph-shape pass
   (:mod:`.glyph_shape`) read from their glyphs before the structure stage are logged here, where a
   field meets them, as ``glyph_shape`` with the code point, font and confidence in ``detail``.
1. **Traditional → simplified**, character by character (OpenCC ``t2s``). Only a
   character that is traditional changes: OpenCC's proposal is taken where the
   source character is a key of its traditional→simplified table and not itself
   a simplified form; for the few characters that are both (乾, 於, 徵, 夥 …) it
   is taken only next to unambiguously traditional text, so simplified text that
   uses them (乾隆, 於 as a surname) stays as published.
2. **Half-width punctuation next to CJK becomes full-width**: ``, ; : ( ) ? !``
   when the nearest non-space character on either side is CJK text or CJK
   punctuation. ``.`` is never changed (``1.`` numbers points, ``2.0`` is a decimal).
   A pair of brackets is never half converted: when one side of a matched pair is
   (or becomes) full-width, its half-width partner widens too (``业（G)`` →
   ``业（G）``); a pair with both sides half-width and no CJK beside either stays.
3. **Whitespace**: a run with CJK on either side (or at the field's edge) is
   removed; between two non-CJK tokens it becomes one space. Line breaks that
   come from layout wrapping are not text: CJK joins with nothing, two ASCII
   words keep one space, digits on both sides are one number the wrap split.
4. Nothing else changes. Slips of the source (an unbalanced quote, a Latin word
   inside Chinese text, characters left traditional, control or private-use
   codes of a broken font that rule 0 cannot read) are *reported* as
   anomalies, never fixed.

Every edit is a :class:`~extract.model.Change` with the field, page and box of
the characters affected, before, after, rule and whether the edited text is the
published text's (``published=True``: ``t2s``, ``punct_width``,
``space_removed``, ``space_collapsed``) or was introduced by the PDF layout
(``published=False``: ``pdf_space_removed`` for the spaces the parse stage
inserted at glyph gaps, ``line_join`` for the space that keeps two ASCII words
apart across a line break, ``glyph_map`` for a code point a font's map got
wrong). Layout line breaks that join with nothing are not logged: they are not
text.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..model import Anomaly, Box, Change, Line
from .anomalies import find_anomalies
from .glyph_repair import Font, glyph_edits, might_lie
from .glyph_shape import GlyphShapes
from .scripts import CID, HALF_TO_FULL, is_cjk, t2s_edits

_SPACES = re.compile(r"\s+")
_HALF_MARKS = re.compile("[" + re.escape("".join(HALF_TO_FULL)) + "]")

# Where a character of the working text came from.
PUBLISHED = 0  # a character the PDF prints (the published text)
GAP = 1  # a space the parse stage inserted at a visible glyph gap
JOIN = 2  # a space put between two ASCII words rejoined across a line break


def _ascii_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _space_at_wrap(left: str, right: str) -> bool:
    """Whether a layout line break between these two characters stands for a space: between two
    ASCII words yes; between two digits no, a narrow cell wrapped one number (20⏎22 is 2022)."""
    return _ascii_word_char(left) and _ascii_word_char(right) and not (left.isdigit() and right.isdigit())


def join_lines(texts: list[str]) -> str:
    """Rejoin layout-wrapped lines: CJK joins with nothing, two ASCII words keep one space, a number stays whole."""
    out = ""
    for text in texts:
        if out and text and _space_at_wrap(out[-1], text[0]):
            out += " "
        out += text
    return out


def count_changes(changes: list[Change]) -> dict[str, dict[str, int]]:
    """Changes per rule, apart for the published text and for spacing the PDF layout introduced."""
    published = Counter(c.rule for c in changes if c.published)
    layout = Counter(c.rule for c in changes if not c.published)
    return {"published_text": dict(sorted(published.items())), "pdf_layout": dict(sorted(layout.items()))}


def sub_line(line: Line, start: int, end: int) -> Line:
    """Part of a line for a field that is only part of it (``Normalizer.field(name, [sub_line(...)])``);
    passing the bare substring to ``Normalizer.text`` would lose which spaces the PDF inserted."""
    return line.slice(start, end)


# ---- the working text with provenance ------------------------------------------------


@dataclass(slots=True)
class _Work:
    """A field's text with, per character, its page, box and origin; and where each
    of the field's lines starts in it, for the fonts the glyph rule may ask for."""

    chars: list[str]
    pages: list[int]
    boxes: list[Box | None]
    origins: list[int]
    sources: list[tuple[int, Line]] = dataclasses.field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def glyph_sources(self) -> tuple[list[Font | None], list[int]]:
        """Per character, the (font, size) that prints it and which of the field's lines
        measured its box (``-1``: none did). Built only for a field the glyph rule looks at."""
        fonts: list[Font | None] = [None] * len(self.chars)
        lines = [-1] * len(self.chars)
        for serial, (start, line) in enumerate(self.sources):
            n = len(line.text)
            for span in line.spans:
                lo, hi = start + max(span.start, 0), start + min(span.end, n)
                fonts[lo:hi] = [(span.font, span.size)] * (hi - lo)
            # a text dump's boxes count characters: they measure no glyph
            if len(line.char_boxes) == n and line.line_no is None:
                lines[start : start + n] = [serial] * n
        return fonts, lines

    def box_of(self, start: int, end: int) -> Box | None:
        boxes = [b for b in self.boxes[start:end] if b is not None]
        return Box.enclosing(boxes) if boxes else None


def _from_lines(lines: list[Line]) -> tuple[_Work, list[tuple[int, int, Box | None]]]:
    """The lines' text rejoined; also the ASCII-word joins made (index, page, box)."""
    work = _Work([], [], [], [])
    joins: list[tuple[int, int, Box | None]] = []
    prev: Line | None = None
    for line in lines:
        text = line.text
        if prev is not None and prev.text and text:
            if prev.trailing_space is not None:
                # the published text's own space at the wrap point; the space rule decides its fate
                work.chars.append(" ")
                work.pages.append(prev.page)
                work.boxes.append(prev.trailing_space)
                work.origins.append(PUBLISHED)
            elif _space_at_wrap(prev.text[-1], text[0]):
                end = work.boxes[-1]
                box = Box(end.x1, end.top, end.x1, end.bottom) if end is not None else None
                joins.append((len(work.chars), prev.page, box))
                work.chars.append(" ")
                work.pages.append(prev.page)
                work.boxes.append(box)
                work.origins.append(JOIN)
        boxes: list[Box | None] = list(line.char_boxes) if len(line.char_boxes) == len(text) else [line.box] * len(text)
        inserted = line.inserted_spaces
        work.sources.append((len(work.chars), line))
        work.chars.extend(text)
        work.pages.extend([line.page] * len(text))
        work.boxes.extend(boxes)
        work.origins.extend(GAP if i in inserted else PUBLISHED for i in range(len(text)))
        if text:
            prev = line
    return work, joins


def _from_text(raw: str, page: int) -> tuple[_Work, list[tuple[int, int, Box | None]]]:
    """Text without line provenance; its line breaks are layout breaks."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    work = _Work([], [], [], [])
    joins: list[tuple[int, int, Box | None]] = []
    for k, part in enumerate(raw.split("\n")):
        if k and work.chars and part:
            if _space_at_wrap(work.chars[-1], part[0]):
                joins.append((len(work.chars), page, None))
                work.chars.append(" ")
                work.pages.append(page)
                work.boxes.append(None)
                work.origins.append(JOIN)
        work.chars.extend(part)
        work.pages.extend([page] * len(part))
        work.boxes.extend([None] * len(part))
        work.origins.extend([PUBLISHED] * len(part))
    return work, joins


# ---- the normalizer -------------------------------------------------------------------


class Normalizer:
    """Applies the normalization policy field by field and keeps the audit log.

    ``changes`` lists every edit, ``anomalies`` every slip found in the
    normalized text. Normalizing the same lines under the same field name again
    returns the same text without logging twice.
    """

    def __init__(self, shapes: GlyphShapes | None = None) -> None:
        # characters the glyph-shape pass corrected in the lines, logged where a field meets them
        self.shapes = shapes if shapes else None
        self.changes: list[Change] = []
        self.anomalies: list[Anomaly] = []
        self._done: dict[tuple[Any, ...], str] = {}
        self.seconds = 0.0  # time spent normalizing, for the stage benchmark

    def field(self, name: str, lines: list[Line]) -> str:
        """The normalized text of one output field made of these layout lines (which may span pages)."""
        lines = [line for line in lines if line.text]
        if not lines:
            return ""
        key = ("lines", name, tuple((line.page, line.text, line.box) for line in lines))
        if key in self._done:
            return self._done[key]
        started = time.perf_counter()
        work, joins = _from_lines(lines)
        out = self._run(name, work, joins)
        self._done[key] = out
        self.seconds += time.perf_counter() - started
        return out

    def text(self, name: str, raw: str, page: int) -> str:
        """The normalized text of a field without line provenance (its ``\\n`` are layout breaks)."""
        if not raw:
            return ""
        key = ("text", name, raw, page)
        if key in self._done:
            return self._done[key]
        started = time.perf_counter()
        work, joins = _from_text(raw, page)
        out = self._run(name, work, joins)
        self._done[key] = out
        self.seconds += time.perf_counter() - started
        return out

    def counts(self) -> dict[str, dict[str, int]]:
        """Changes per rule: to the published text, and to what the PDF layout introduced."""
        return count_changes(self.changes)

    # -- the rules, in policy order

    def _run(self, name: str, work: _Work, joins: list[tuple[int, int, Box | None]]) -> str:
        log = self.changes
        for _, page, box in joins:
            log.append(Change(name, page, box, "line_join", "", " ", False))
        if self.shapes is not None:
            for i, box in enumerate(work.boxes):
                shape = self.shapes.at(work.pages[i], box)
                if shape is not None and work.chars[i] == shape.after:
                    log.append(
                        Change(name, work.pages[i], box, "glyph_shape", shape.before, shape.after, False, shape.detail)
                    )
        if might_lie(work.text):
            fonts, lines = work.glyph_sources()
            for i, new in glyph_edits(work.chars, fonts, work.boxes, lines):
                log.append(Change(name, work.pages[i], work.boxes[i], "glyph_map", work.chars[i], new, False))
                work.chars[i] = new
        for i, new in t2s_edits(work.text):
            log.append(Change(name, work.pages[i], work.boxes[i], "t2s", work.chars[i], new, True))
            work.chars[i] = new
        for i in _widen(work.chars):
            log.append(
                Change(name, work.pages[i], work.boxes[i], "punct_width", work.chars[i], HALF_TO_FULL[work.chars[i]],
                       work.origins[i] == PUBLISHED)
            )
            work.chars[i] = HALF_TO_FULL[work.chars[i]]
        work = self._spaces(name, work)
        self.anomalies.extend(find_anomalies(name, work.text, work.pages))
        return work.text

    def _spaces(self, name: str, work: _Work) -> _Work:
        text = work.text
        if not _SPACES.search(text):
            return work
        out = _Work([], [], [], [])
        pos = 0
        for m in _SPACES.finditer(text):
            start, end = m.span()
            left = text[start - 1] if start else ""
            right = text[end] if end < len(text) else ""
            new = "" if not left or not right or is_cjk(left) or is_cjk(right) else " "
            run = m.group()
            if new == run:
                continue
            _extend(out, work, pos, start)
            published = PUBLISHED in work.origins[start:end]
            if new:
                rule = "space_collapsed"
                out.chars.append(" ")
                out.pages.append(work.pages[start])
                out.boxes.append(work.box_of(start, end))
                out.origins.append(PUBLISHED if published else work.origins[start])
            else:
                rule = "space_removed" if published else "pdf_space_removed"
            self.changes.append(Change(name, work.pages[start], work.box_of(start, end), rule, run, new, published))
            pos = end
        _extend(out, work, pos, len(text))
        return out


def _extend(out: _Work, work: _Work, start: int, end: int) -> None:
    out.chars.extend(work.chars[start:end])
    out.pages.extend(work.pages[start:end])
    out.boxes.extend(work.boxes[start:end])
    out.origins.extend(work.origins[start:end])


def _widen(chars: list[str]) -> list[int]:
    """Indices of the half-width marks the width rule turns full-width.

    A mark next to a mark that becomes full-width is next to CJK punctuation, so
    the rule runs to its fixed point (which also makes it idempotent).
    """
    text = "".join(chars)
    pending = [m.start() for m in _HALF_MARKS.finditer(text)]
    if "(cid:" in text:  # pdfminer's name for a glyph without Unicode is no punctuation
        inside = {i for m in CID.finditer(text) for i in range(m.start(), m.end())}
        pending = [i for i in pending if i not in inside]
    partner = _bracket_partners(chars)
    widened: set[int] = set()
    while pending:
        hits = [
            i
            for i in pending
            if _near_cjk(chars, i, -1, widened)
            or _near_cjk(chars, i, 1, widened)
            or (i in partner and (partner[i] in widened or chars[partner[i]] in _FULL_BRACKETS))
        ]
        if not hits:
            break
        widened.update(hits)
        pending = [i for i in pending if i not in widened]
    return sorted(widened)


_FULL_BRACKETS = "（）"


def _bracket_partners(chars: list[str]) -> dict[int, int]:
    """Matched round brackets, half- or full-width alike, each index to its partner's."""
    partner: dict[int, int] = {}
    opened: list[int] = []
    for i, ch in enumerate(chars):
        if ch in "(（":
            opened.append(i)
        elif ch in ")）" and opened:
            j = opened.pop()
            partner[i], partner[j] = j, i
    return partner


def _near_cjk(chars: list[str], i: int, step: int, widened: set[int]) -> bool:
    j = i + step
    while 0 <= j < len(chars) and chars[j].isspace():
        j += step
    return 0 <= j < len(chars) and (j in widened or is_cjk(chars[j]))


# ---- anomalies ----------------------------------------------------------------------------
