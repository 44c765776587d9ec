"""Numbers as Chinese policy text writes them: figures with thousands separators and 万/亿
multipliers (1,200, 85.5, 1.2万), and Chinese numerals (十二, 三百零五)."""

from __future__ import annotations

Number = int | float


_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_POWERS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def hanzi_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 三百零五 → 305; None for what is not a plain numeral (一二)."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and digit != 0 and _DIGITS[ch] != 0:
                return None  # two digits in a row: not a numeral
            digit = _DIGITS[ch]
        elif ch in _POWERS:
            power = _POWERS[ch]
            if power == 10000:
                section = (section + (digit or 0)) * power
                total += section
                section = 0
            else:
                section += (1 if digit is None else digit) * power
            digit = None
        else:
            return None
    return total + section + (digit or 0)


_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}


def read_number(text: str) -> Number | None:
    """A number as written: figures (1,200, 85.5, 1.2万) or a Chinese numeral (十二)."""
    if not text[0].isdigit():
        return hanzi_number(text)
    factor = _MULTIPLIERS.get(text[-1], 1)
    value = float(text.rstrip("万亿").replace(",", "")) * factor
    return int(value) if value.is_integer() else value
