"""Glyph maps that lie: code points a PDF's fonts give for marks they print as something else.

A font's Unicode map can be wrong for a few glyphs, so the text layer says what
the page does not print. Four such lies are repaired, each recognised from the
font and the characters around it, never from a document:

* **GB codes read as Unicode** (方正 / Founder typesetting). The font maps a
  mark's GB2312 code ``0xHHLL`` to the code point ``U+HHLL``. Rows 1–3 of
  GB2312 (``HH`` = A1 symbols and CJK punctuation, A2 numbered-list forms, A3
  full-width ASCII) then land in the Yi Syllables block: ``ꎬ`` U+A3AC is GB
  ``A3AC`` ``，``, ``ꎻ`` is ``；``, ``ꎺ`` ``：``, ``ꎨ ꎩ`` ``（ ）``, ``ꆶ ꆷ`` ``《 》``. The
  table is the GBK decoding of those two bytes (GBK, not Python's GB2312, for
  ``A1A4`` ``·`` and ``A1AA`` ``—``: the forms Chinese text uses), with one
  exception: ``ꎮ`` U+A3AE is GB's full-width full stop ``．``, and Founder's CJK
  fonts print the sentence's ``。`` in that slot. Repaired only in a field set
  in a Founder font (:func:`is_founder_font`) whose text is Chinese (it holds
  an ideograph), and not next to a Yi syllable outside the table (looking past
  spaces and other code points of the table): Yi text keeps its syllables,
  whatever its font. The mark need not touch CJK itself: ``增长5%ꎬ`` and
  ``GDPꎬ`` end a clause as much as ``年ꎬ`` does.
* **Guillemets for book-title marks.** ``« »`` enclosing an ideograph are
  ``《 》``; one left unpaired becomes ``《`` when CJK follows it (``》`` when CJK
  precedes it). Guillemets around Latin text stay.
* **A private-use code for the point inside a number**: a private-use character
  with a digit right on each side, measured on the page as narrow as a point
  (the pen moves on less than three quarters of an em), is ``.`` (``．`` between
  full-width digits). Unmeasured, or as wide as a figure or more (a dash, a
  range mark), it stays and is reported as private use.
* **Full-width digits printed half-width.** A font whose full-width digit codes
  stand half an em apart on the page prints half-width figures: its full-width
  digits in the field become ASCII, so that the published ``2002年6月29日``
  does not read in two widths. Full-width digits printed a full em apart stay:
  the policy keeps the published text's widths.

Each repair is one ``(index, character)`` edit; the normalizer logs it as rule
``glyph_map`` with origin ``pdf_layout``: the published text never had these
code points. The character it gives is the published one, which the later rules
treat like any other.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Box
from .scripts import HALF_TO_FULL, IDEOGRAPH, is_cjk

# (font name, size) of the span a character was printed in; ``None`` where unknown.
Font = tuple[str, float]

# Consecutive full-width digits this close (in ems) are printed half-width; a
# full-width figure takes a whole em. A private-use point must be this narrow too.
HALF_EM = 0.75

FULL_DIGITS = "０１２３４５６７８９"
_TO_ASCII_DIGIT = {ch: str(n) for n, ch in enumerate(FULL_DIGITS)}
_YI = re.compile("[\ua000-\ua4cf]")
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
# Anything a repair could start from; a field without one is left alone at once.
_CANDIDATE = re.compile("[\ua1a1-\ua3fe«»\ue000-\uf8ff\U000f0000-\U0010ffff０-９]")

# Font names of Founder typesetting: 方正's own (FZSSK--GBK1-0, FZXiaoBiaoSong-B05S),
# the Western fonts its typesetting pairs with them (E-BZ, E-BX, E-B6), fonts of
# its output in Founder's 748 encoding (SSJ-PK74820000002), and names holding
# 方正 as text, as GBK bytes read as Latin-1, or as the escaped bytes pdfminer gives.
_FOUNDER_FONT = re.compile(
    r"^(?:[A-Z]{6}\+)?(?:FZ[A-Z]|E-[A-Z0-9]{2}(?:[-\d]|$))|-PK748|方正|·½Õý|\\xb7\\xbd\\xd5\\xfd"
)


def might_lie(text: str) -> bool:
    """Whether the text holds a code point any repair starts from (most fields do not)."""
    return _CANDIDATE.search(text) is not None


def is_founder_font(name: str) -> bool:
    """True for a font name of 方正 / Founder typesetting."""
    return _FOUNDER_FONT.search(name) is not None


@lru_cache(maxsize=1)
def gb_code_marks() -> dict[str, str]:
    """Yi-syllable code point → the mark whose GB2312 code it spells (rows A1–A3)."""
    table: dict[str, str] = {}
    for row in (0xA1, 0xA2, 0xA3):
        for cell in range(0xA1, 0xFF):
            try:
                mark = bytes((row, cell)).decode("gbk")
            except UnicodeDecodeError:
                continue  # a code GB2312 leaves empty
            if _PRIVATE.match(mark) is None:
                table[chr(row << 8 | cell)] = mark
    table["\ua3ae"] = "。"  # Founder's CJK fonts print the sentence full stop in GB's ．slot
    return table


def glyph_edits(
    chars: list[str], fonts: list[Font | None], boxes: list[Box | None], lines: list[int]
) -> list[tuple[int, str]]:
    """The characters of a field whose code points lie, as (index, the character printed).

    ``fonts``, ``boxes`` and ``lines`` say per character where it was printed:
    its span's font, its box and which of the field's lines it is on (``-1``
    when it has no box of its own, so its position cannot be measured).
    """
    if not might_lie("".join(chars)):
        return []
    out: dict[int, str] = {}
    # In data order: a GB code can spell a full-width digit (ꎱ), digits decide
    # what a private-use point between them is, and any of them can be what an
    # unpaired guillemet stands next to.
    if any(f is not None and is_founder_font(f[0]) for f in set(fonts)) and IDEOGRAPH.search("".join(chars)):
        _gb_codes(chars, out)
    _half_width_digits(chars, fonts, boxes, lines, out)
    _decimal_points(chars, fonts, boxes, lines, out)
    lone = _guillemet_pairs(chars, out)
    # An unpaired guillemet is decided by its neighbour, which another repair can
    # make CJK (««, «ꎨ once ꎨ is （): these run to their fixed point, which also makes them idempotent.
    while lone:
        hits = {i: new for i in lone if (new := _lone_guillemet(chars, out, i))}
        if not hits:
            break
        out.update(hits)
        lone = [i for i in lone if i not in hits]
    return sorted(out.items())


def _half_width_digits(
    chars: list[str], fonts: list[Font | None], boxes: list[Box | None], lines: list[int], out: dict[int, str]
) -> None:
    view = [out.get(i, ch) for i, ch in enumerate(chars)]
    half: set[str] = set()  # fonts seen printing two full-width digit codes half an em apart
    for i in range(len(view) - 1):
        font = fonts[i]
        if font is None or view[i] not in _TO_ASCII_DIGIT or view[i + 1] not in _TO_ASCII_DIGIT:
            continue
        pitch = _pitch(boxes, lines, i)
        if fonts[i + 1] == font and pitch is not None and 0 < pitch <= HALF_EM * font[1]:
            half.add(font[0])
    if half:
        # every full-width digit of such a font, a lone one too (年６月): it is one of its figures
        for i, ch in enumerate(view):
            font = fonts[i]
            if ch in _TO_ASCII_DIGIT and font is not None and font[0] in half:
                out[i] = _TO_ASCII_DIGIT[ch]


def _decimal_points(
    chars: list[str], fonts: list[Font | None], boxes: list[Box | None], lines: list[int], out: dict[int, str]
) -> None:
    for m in _PRIVATE.finditer("".join(chars)):
        i = m.start()
        if not 0 < i < len(chars) - 1:
            continue
        left, right = out.get(i - 1, chars[i - 1]), out.get(i + 1, chars[i + 1])
        if not (_is_digit(left) and _is_digit(right)):
            continue
        pitch, font = _pitch(boxes, lines, i), fonts[i]
        if pitch is None or font is None or not 0 < pitch <= HALF_EM * font[1]:
            continue  # not measured, or printed as wide as a figure or wider: a dash, a range mark
        out[i] = "．" if left in _TO_ASCII_DIGIT and right in _TO_ASCII_DIGIT else "."


def _guillemet_pairs(chars: list[str], out: dict[int, str]) -> list[int]:
    """Repair the « » pairs around CJK; return the guillemets left unpaired."""
    stack: list[int] = []
    lone: list[int] = []
    for i, ch in enumerate(chars):
        if ch == "«":
            stack.append(i)
        elif ch == "»":
            if not stack:
                lone.append(i)
                continue
            start = stack.pop()
            if any(IDEOGRAPH.match(c) for c in chars[start + 1 : i]):
                out[start], out[i] = "《", "》"
    return sorted(lone + stack)


def _gb_codes(chars: list[str], out: dict[int, str]) -> None:
    table = gb_code_marks()
    for i, ch in enumerate(chars):
        if ch in table and not (_beside_yi(chars, i, -1, table) or _beside_yi(chars, i, 1, table)):
            out[i] = table[ch]


def _beside_yi(chars: list[str], i: int, step: int, table: dict[str, str]) -> bool:
    """Whether the nearest character past spaces and the table's code points is a Yi syllable."""
    j = i + step
    while 0 <= j < len(chars) and (chars[j].isspace() or chars[j] in table):
        j += step
    return 0 <= j < len(chars) and _YI.match(chars[j]) is not None


def _lone_guillemet(chars: list[str], out: dict[int, str], i: int) -> str:
    """《 for an unpaired « that CJK follows, 》 for an unpaired » that CJK precedes, else ``""``."""
    if chars[i] == "«":
        return "《" if is_cjk(_neighbour(chars, out, i, 1)) else ""
    return "》" if is_cjk(_neighbour(chars, out, i, -1)) else ""


_FULL_MARKS = frozenset(HALF_TO_FULL.values())


def _neighbour(chars: list[str], out: dict[int, str], i: int, step: int) -> str:
    """The nearest character that is neither a space nor a mark the width rule converts, as repaired so far.

    Those marks are looked through in both widths because the width rule turns
    them full-width when CJK is beyond them: deciding on either form here would
    change the decision on a second pass.
    """
    j = i + step
    while 0 <= j < len(chars):
        c = out.get(j, chars[j])
        if not (c.isspace() or c in HALF_TO_FULL or c in _FULL_MARKS):
            return c
        j += step
    return ""


def _pitch(boxes: list[Box | None], lines: list[int], i: int) -> float | None:
    """How far the pen moved from character ``i`` to the next, where both were measured on one line."""
    a, b = boxes[i], boxes[i + 1]
    if a is None or b is None or lines[i] < 0 or lines[i] != lines[i + 1]:
        return None
    return b.x0 - a.x0


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9" or ch in _TO_ASCII_DIGIT
