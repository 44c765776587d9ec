"""Anomalies: slips of the source that normalization reports and never fixes.

An unbalanced quote or bracket, a Latin word inside Chinese text, characters left
traditional, control or private-use codes of a broken font: each is an
:class:`~extract.model.Anomaly` with the field, page and an excerpt.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..model import Anomaly
from .scripts import ASCII_TOKEN, CID, IDEOGRAPH, is_cjk, script_tables

_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
# English function words are reported in any case; other Latin words only in lower case,
# so acronyms and names (ICT, 1+X, PM2.5, App) are not.
_FUNCTION_WORDS = frozenset("a an and as at but by for from in of on or the to with".split())
# A closing bracket right after a short label at the start of a clause numbers a list item: 1) 一）a）.
_LIST_LABEL = re.compile(r"(?:^|[\s。；;：:，,、])[0-9０-９A-Za-zＡ-Ｚａ-ｚ一二三四五六七八九十]{1,3}$")
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
    if IDEOGRAPH.search(text):
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
    for m in ASCII_TOKEN.finditer(text):
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
    for m in CID.finditer(text):
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
