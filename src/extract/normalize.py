"""Normalize stage: rejoin wrapped lines, then t2s, widths and spacing, logging every change.

(First cut: the interface other stages call. The audit detail is refined in issue 3.)
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import Anomaly, Change, Line

HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x3400 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x2FFFF
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or o in (0x2014, 0x2026, 0x201C, 0x201D, 0x2018, 0x2019, 0x00B7)
    )


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def join_lines(texts: list[str]) -> str:
    """Rejoin layout-wrapped lines: CJK joins with nothing, two ASCII words keep one space."""
    out = ""
    for text in texts:
        if out and out[-1].isascii() and out[-1].isalnum() and text[:1].isascii() and text[:1].isalnum():
            out += " "
        out += text
    return out


class Normalizer:
    """Applies the normalization policy field by field and keeps the audit log."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.anomalies: list[Anomaly] = []

    def field(self, name: str, lines: list[Line]) -> str:
        """The normalized text of one output field made of these lines."""
        if not lines:
            return ""
        raw = join_lines([line.text for line in lines])
        return self.text(name, raw, lines[0].page)

    def text(self, name: str, raw: str, page: int) -> str:
        converted = _t2s().convert(raw)
        for a, b in zip(raw, converted, strict=False):
            if a != b:
                self.changes.append(Change(name, page, None, "t2s", a, b, True))
        chars = list(converted)
        for i, ch in enumerate(chars):
            if ch in HALF_TO_FULL and (_near_cjk(chars, i, -1) or _near_cjk(chars, i, 1)):
                chars[i] = HALF_TO_FULL[ch]
                self.changes.append(Change(name, page, None, "punct_width", ch, chars[i], True))
        text = "".join(chars)
        text = re.sub(r"\s+", lambda m: self._space(name, page, text, m), text)
        return text.strip()

    def _space(self, name: str, page: int, text: str, m: re.Match[str]) -> str:
        left = text[m.start() - 1] if m.start() > 0 else ""
        right = text[m.end()] if m.end() < len(text) else ""
        if (left and is_cjk(left)) or (right and is_cjk(right)) or not left or not right:
            self.changes.append(Change(name, page, None, "space_removed", m.group(), "", True))
            return ""
        return " "


def _near_cjk(chars: list[str], i: int, step: int) -> bool:
    j = i + step
    while 0 <= j < len(chars) and chars[j].isspace():
        j += step
    return 0 <= j < len(chars) and is_cjk(chars[j])
