"""Scripts: which characters are CJK, which are traditional, and OpenCC's t2s edits.

OpenCC proposes simplified forms; only a character that is certainly traditional
is changed (see the policy in :mod:`extract.normalize.normalizer`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

# CJK text and CJK punctuation, for the width and spacing rules: ideographs (with
# radicals, extension A, compatibility forms and the supplementary planes), CJK
# symbols and punctuation, full-width forms, and the marks Chinese text shares
# with Western typography (— … “ ” ‘ ’ ·).
_CJK_CLASS = (
    "\u2e80-\u2fdf\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0003ffff\u00b7\u2014\u2026\u2018\u2019\u201c\u201d"
)
_CJK = re.compile(f"[{_CJK_CLASS}]")
IDEOGRAPH = re.compile("[\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
# pdfminer's name for a glyph that has no Unicode mapping.
CID = re.compile(r"\(cid:\d+\)")
ASCII_TOKEN = re.compile(r"[!-~]+(?:’[!-~]+)*")  # don’t is one token

# The half-width marks the width rule turns full-width next to CJK.
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}

# Traditional characters are judged within this many characters either side.
TRAD_CONTEXT = 8


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
