"""Normalize stage: rejoin wrapped lines, then t2s, widths and spacing, logging every change.

The policy (the same for every text field), applied to a field's text after its
layout lines and page breaks have been rejoined:

1. **Traditional → simplified**, character by character (OpenCC ``t2s``). Only a
   character that is traditional changes: OpenCC's proposal is taken where the
   source character is a key of its traditional→simplified table and not itself
   a simplified form; for the few characters that are both (乾, 於, 徵, 夥 …) it
   is taken only next to unambiguously traditional text, so simplified text that
   uses them (乾隆, 於 as a surname) stays as published.
2. **Half-width punctuation next to CJK becomes full-width**: ``, ; : ( ) ? !``
   when the nearest non-space character on either side is CJK text or CJK
   punctuation. ``.`` is never changed (``1.`` numbers points, ``2.0`` is a decimal).
3. **Whitespace**: a run with CJK on either side (or at the field's edge) is
   removed; between two non-CJK tokens it becomes one space. Line breaks that
   come from layout wrapping are not text: CJK joins with nothing, two ASCII
   words keep one space.
4. Nothing else changes. Slips of the source (an unbalanced quote, a Latin word
   inside Chinese text, characters left traditional, control or private-use
   codes of a broken font) are *reported* as anomalies, never fixed.

Every edit is a :class:`~extract.model.Change` with the field, page and box of
the characters affected, before, after, rule and whether the edited text is the
published text's (``published=True``: ``t2s``, ``punct_width``,
``space_removed``, ``space_collapsed``) or was introduced by the PDF layout
(``published=False``: ``pdf_space_removed`` for the spaces the parse stage
inserted at glyph gaps, ``line_join`` for the space that keeps two ASCII words
apart across a line break). Layout line breaks that join with nothing are not
logged: they are not text.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import Anomaly, Box, Change, Line

HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}

# CJK text and CJK punctuation, for the width and spacing rules: ideographs (with
# radicals, extension A, compatibility forms and the supplementary planes), CJK
# symbols and punctuation, full-width forms, and the marks Chinese text shares
# with Western typography (— … “ ” ‘ ’ ·).
_CJK_CLASS = (
    "\u2e80-\u2fdf\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0003ffff\u00b7\u2014\u2026\u2018\u2019\u201c\u201d"
)
_CJK = re.compile(f"[{_CJK_CLASS}]")
_IDEOGRAPH = re.compile("[\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_SPACES = re.compile(r"\s+")
_HALF_MARKS = re.compile("[" + re.escape("".join(HALF_TO_FULL)) + "]")
_ASCII_TOKEN = re.compile(r"[!-~]+(?:’[!-~]+)*")  # don’t is one token
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
# English function words are reported in any case; other Latin words only in lower case,
# so acronyms and names (ICT, 1+X, PM2.5, App) are not.
_FUNCTION_WORDS = frozenset("a an and as at but by for from in of on or the to with".split())
_CID = re.compile(r"\(cid:\d+\)")
# A closing bracket right after a short label at the start of a clause numbers a list item: 1) 一）a）.
_LIST_LABEL = re.compile(r"(?:^|[\s。；;：:，,、])[0-9０-９A-Za-zＡ-Ｚａ-ｚ一二三四五六七八九十]{1,3}$")

# Where a character of the working text came from.
PUBLISHED = 0  # a character the PDF prints (the published text)
GAP = 1  # a space the parse stage inserted at a visible glyph gap
JOIN = 2  # a space put between two ASCII words rejoined across a line break

# Traditional characters are judged within this many characters either side.
TRAD_CONTEXT = 8
# Anomaly excerpts show this many characters either side of the offending text.
EXCERPT = 10

# Brackets by pair; a half-width bracket pairs with its full-width twin.
_BRACKET_PAIRS = ["（）", "()", "《》", "〈〉", "【】", "〔〕", "〖〗", "［］", "[]", "｛｝", "{}"]
_PAIR_OF = {"()": "（）", "[]": "［］", "{}": "｛｝"}
_OPENERS = {p[0]: _PAIR_OF.get(p, p) for p in _BRACKET_PAIRS}
_CLOSERS = {p[1]: _PAIR_OF.get(p, p) for p in _BRACKET_PAIRS}
_BRACKETS = re.compile("[" + re.escape("".join(_BRACKET_PAIRS)) + "]")
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_QUOTE_MARKS = re.compile("[“”‘’「」『』]")
# Control and format characters, radicals, compatibility ideographs, private use, U+FFFD.
_SUSPECT = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
    "\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd]"
)


def is_cjk(ch: str) -> bool:
    """CJK text or CJK punctuation (one character)."""
    return bool(ch) and _CJK.match(ch) is not None


# ---- OpenCC, loaded lazily once per process ----------------------------------------


@lru_cache(maxsize=1)
def t2s_converter() -> Any:
    """The process's one OpenCC t2s converter (loading it costs more than most fields)."""
    from opencc import OpenCC

    return OpenCC("t2s")


@dataclass(frozen=True, slots=True)
class ScriptTables:
    """What OpenCC's character tables say about each character."""

    keys: frozenset[str]  # characters t2s may convert
    ambiguous: frozenset[str]  # keys that are also simplified forms (乾 於 徵 夥 …)
    certain: frozenset[str]  # keys that are not: t2s always converts them
    traditional: frozenset[str]  # characters that are only traditional (t2s converts them or cannot)


@lru_cache(maxsize=1)
def script_tables() -> ScriptTables:
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    ts = _read_table(folder / "TSCharacters.txt")
    st = _read_table(folder / "STCharacters.txt")
    if not ts:  # another OpenCC build without its tables: trust t2s everywhere
        return ScriptTables(frozenset(), frozenset(), frozenset(), frozenset())
    simplified = set(st)
    ambiguous = {k for k, values in ts.items() if k in values}
    traditional = {k for k in ts if k not in ambiguous and k not in simplified}
    # Traditional forms listed by s2t that t2s has no entry for: they stay traditional.
    traditional |= {c for values in st.values() for c in values if c not in ts and c not in simplified}
    return ScriptTables(frozenset(ts), frozenset(ambiguous), frozenset(set(ts) - ambiguous), frozenset(traditional))


def _read_table(path: Path) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    try:
        with path.open(encoding="utf-8") as fh:
            for row in fh:
                key, _, values = row.rstrip("\n").partition("\t")
                if len(key) == 1 and values:
                    table[key] = values.split(" ")
    except OSError:
        return {}
    return table


def is_traditional(ch: str) -> bool:
    """True for a character that is only traditional (never a simplified form)."""
    return ch in script_tables().traditional


def t2s_edits(text: str) -> list[tuple[int, str]]:
    """The characters of ``text`` that t2s converts, as (index, simplified character).

    Only traditional characters change; see the module docstring for the
    characters that are both traditional and simplified.
    """
    tables = script_tables()
    if tables.keys and tables.certain.isdisjoint(text):
        return []  # nothing certainly traditional, so no traditional context for the ambiguous either
    cc = t2s_converter()
    converted = cc.convert(text)
    if len(converted) != len(text):  # a phrase of another length: fall back to single characters
        converted = "".join(cc.convert(ch) if len(cc.convert(ch)) == 1 else ch for ch in text)
    edits = []
    for i, (a, b) in enumerate(zip(text, converted, strict=True)):
        if a == b:
            continue
        if tables.keys:
            if a not in tables.keys:
                continue  # OpenCC proposes a change to a character that is not traditional
            if a in tables.ambiguous and not _traditional_near(text, i, tables.certain):
                continue
        edits.append((i, b))
    return edits


def _traditional_near(text: str, i: int, traditional: frozenset[str]) -> bool:
    window = text[max(0, i - TRAD_CONTEXT) : i + TRAD_CONTEXT + 1]
    return not traditional.isdisjoint(window)


# ---- line joining ------------------------------------------------------------------


def _ascii_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join_lines(texts: list[str]) -> str:
    """Rejoin layout-wrapped lines: CJK joins with nothing, two ASCII words keep one space."""
    out = ""
    for text in texts:
        if out and text and _ascii_word_char(out[-1]) and _ascii_word_char(text[0]):
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
    """A field's text with, per character, its page, box and origin."""

    chars: list[str]
    pages: list[int]
    boxes: list[Box | None]
    origins: list[int]

    @property
    def text(self) -> str:
        return "".join(self.chars)

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
            elif _ascii_word_char(prev.text[-1]) and _ascii_word_char(text[0]):
                end = work.boxes[-1]
                box = Box(end.x1, end.top, end.x1, end.bottom) if end is not None else None
                joins.append((len(work.chars), prev.page, box))
                work.chars.append(" ")
                work.pages.append(prev.page)
                work.boxes.append(box)
                work.origins.append(JOIN)
        boxes: list[Box | None] = list(line.char_boxes) if len(line.char_boxes) == len(text) else [line.box] * len(text)
        inserted = line.inserted_spaces
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
            if _ascii_word_char(work.chars[-1]) and _ascii_word_char(part[0]):
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

    def __init__(self) -> None:
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
        inside = {i for m in _CID.finditer(text) for i in range(m.start(), m.end())}
        pending = [i for i in pending if i not in inside]
    widened: set[int] = set()
    while pending:
        hits = [i for i in pending if _near_cjk(chars, i, -1, widened) or _near_cjk(chars, i, 1, widened)]
        if not hits:
            break
        widened.update(hits)
        pending = [i for i in pending if i not in widened]
    return sorted(widened)


def _near_cjk(chars: list[str], i: int, step: int, widened: set[int]) -> bool:
    j = i + step
    while 0 <= j < len(chars) and chars[j].isspace():
        j += step
    return 0 <= j < len(chars) and (j in widened or is_cjk(chars[j]))


# ---- anomalies ----------------------------------------------------------------------------


def _excerpt(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - EXCERPT), min(len(text), end + EXCERPT)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def find_anomalies(name: str, text: str, pages: list[int] | None = None, page: int = 0) -> list[Anomaly]:
    """Slips in a normalized field's text, each with the page of its first character.

    Kinds: ``latin_word`` (a Latin word inside Chinese text), ``unbalanced_quote``,
    ``unbalanced_bracket``, ``traditional_left`` (characters still traditional),
    ``control_char``, ``private_use``, ``compat_char`` (Kangxi radicals and CJK
    compatibility ideographs) and ``broken_glyph`` (``(cid:N)``, U+FFFD): the last
    four are signs of a broken font encoding.
    """
    found: list[tuple[int, str, str, str]] = []  # (index, kind, text, detail)
    if _IDEOGRAPH.search(text):
        found += _latin_words(text)
    found += _unbalanced_quotes(text)
    found += _unbalanced_brackets(text)
    found += _bad_characters(text)
    out = []
    for i, kind, what, detail in sorted(found):
        where = pages[min(i, len(pages) - 1)] if pages else page
        out.append(Anomaly(name, where, kind, what, detail))
    return out


def _latin_words(text: str) -> list[tuple[int, str, str, str]]:
    found = []
    for m in _ASCII_TOKEN.finditer(text):
        word = m.group()
        if not _LATIN_WORD.fullmatch(word) or len(word) < 2:
            continue  # numbers, codes, URLs, 1+X, PM2.5 and single letters are not words
        if not (word.islower() or word.lower() in _FUNCTION_WORDS):
            continue  # ICT, GDP, App: acronyms and names are written this way on purpose
        before = text[: m.start()].rstrip()[-1:]
        after = text[m.end() :].lstrip()[:1]
        if is_cjk(before) or is_cjk(after):
            found.append((m.start(), "latin_word", word,
                          f"Latin word inside Chinese text: {_excerpt(text, m.start(), m.end())}"))
    return found


def _unbalanced_quotes(text: str) -> list[tuple[int, str, str, str]]:
    found = []
    closers = {v: k for k, v in _QUOTES.items()}
    stack: list[int] = []
    for m in _QUOTE_MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if ch in _QUOTES:
            stack.append(i)
            continue
        if ch == "’" and 0 < i < len(text) - 1 and text[i - 1].isascii() and text[i - 1].isalpha() \
                and text[i + 1].isalpha():
            continue  # an apostrophe: don’t
        match = next((k for k in range(len(stack) - 1, -1, -1) if text[stack[k]] == closers[ch]), None)
        if match is None:
            found.append((i, "unbalanced_quote", _excerpt(text, i, i + 1),
                          f"{ch} closes no {closers[ch]} ({_tally(text, closers[ch], ch)})"))
        else:
            del stack[match]
    for i in stack:
        ch = text[i]
        found.append((i, "unbalanced_quote", text[i : i + 2 * EXCERPT],
                      f"{ch} is never closed ({_tally(text, ch, _QUOTES[ch])})"))
    if text.count('"') % 2:
        i = text.rfind('"')
        found.append((i, "unbalanced_quote", _excerpt(text, i, i + 1), f'odd number of " ({text.count(chr(34))})'))
    return found


def _tally(text: str, opener: str, closer: str) -> str:
    return f"{opener}×{text.count(opener)}, {closer}×{text.count(closer)}"


def _unbalanced_brackets(text: str) -> list[tuple[int, str, str, str]]:
    found = []
    stack: list[int] = []
    for m in _BRACKETS.finditer(text):
        i, ch = m.start(), m.group()
        if ch in _OPENERS:
            stack.append(i)
            continue
        pair = _CLOSERS[ch]
        match = next((k for k in range(len(stack) - 1, -1, -1) if _OPENERS[text[stack[k]]] == pair), None)
        if match is None:
            if not _LIST_LABEL.search(text, 0, i):  # 1） a) 一）label a list item
                found.append((i, "unbalanced_bracket", _excerpt(text, i, i + 1), f"{ch} closes nothing"))
            continue
        for k in stack[match + 1 :]:  # openers this closer crosses
            found.append((k, "unbalanced_bracket", text[k : k + 2 * EXCERPT], f"{text[k]} is never closed"))
        del stack[match:]
    for k in stack:
        found.append((k, "unbalanced_bracket", text[k : k + 2 * EXCERPT], f"{text[k]} is never closed"))
    return found


def _bad_characters(text: str) -> list[tuple[int, str, str, str]]:
    """Runs of characters still traditional, or of a broken font's codes."""
    hits: list[tuple[int, str]] = [(m.start(), _char_kind(m.group())) for m in _SUSPECT.finditer(text)]
    certain = script_tables().traditional
    if not certain.isdisjoint(text):
        hits += [(i, "traditional_left") for i, ch in enumerate(text) if ch in certain]
        hits.sort()
    runs: list[list[Any]] = []
    for i, kind in hits:
        if not kind:
            continue
        if runs and runs[-1][2] == kind and runs[-1][1] == i:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1, kind])
    found = []
    for start, end, kind in runs:
        chars = text[start:end]
        codes = " ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(chars))
        if kind == "traditional_left":
            detail = f"still traditional after t2s: {_excerpt(text, start, end)}"
        elif kind == "compat_char":
            detail = f"{codes} reads as {unicodedata.normalize('NFKC', chars)}: the font maps glyphs to radicals or " \
                     f"compatibility forms"
        else:
            detail = f"{codes} in {_excerpt(text, start, end)!r}"
        found.append((start, kind, chars, detail))
    for m in _CID.finditer(text):
        found.append((m.start(), "broken_glyph", m.group(), "a glyph the PDF's font gives no Unicode for"))
    return found


def _char_kind(ch: str) -> str:
    o = ord(ch)
    if 0x2E80 <= o <= 0x2FDF:
        return "compat_char"
    if 0xF900 <= o <= 0xFAFF or 0x2F800 <= o <= 0x2FA1F:
        # twelve code points in this block are unified ideographs (﨎 﨏 﨑 …), not compatibility forms
        return "compat_char" if unicodedata.normalize("NFKC", ch) != ch else ""
    if 0xE000 <= o <= 0xF8FF or o >= 0xF0000:
        return "private_use"
    if o == 0xFFFD:
        return "broken_glyph"
    return "control_char"
