"""Chinese numerals, dates and the numbering styles of official documents."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "0": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100}
CN_NUMERAL = "〇○零一二三四五六七八九十百两壹贰叁肆伍陆柒捌玖拾佰"


def ascii_digits(text: str) -> str:
    """Full-width digits as ASCII (２０２４ → 2024)."""
    return "".join(unicodedata.normalize("NFKC", ch) if "０" <= ch <= "９" else ch for ch in text)


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十一 → 11, 二十三 → 23, 一百零二 → 102; digit by digit without units (二〇二四 → 2024)."""
    text = ascii_digits(text.strip())
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if not any(ch in CN_UNITS for ch in text):
        if all(ch in CN_DIGITS or ch.isdigit() for ch in text):
            return int("".join(str(CN_DIGITS.get(ch, ch)) for ch in text))
        return None
    total = 0
    digit: int | None = None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


_YEAR = r"(\d{4}|[〇○零Ｏ0Oo一二三四五六七八九]{4})"
_SMALL = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_LINE = re.compile(rf"^{_YEAR}年{_SMALL}月{_SMALL}日$")
# Read by OCR, a 成文日期 under its seal can lose its last character, 日, to the seal's ink.
DATE_LINE_DAY_LOST = re.compile(rf"^{_YEAR}年{_SMALL}月{_SMALL}日?$")


def parse_date(text: str, day_mark_lost: bool = False) -> str | None:
    """A line holding only a date (2024年3月8日, 二〇二四年三月八日) as ISO ``2024-03-08``;
    ``day_mark_lost``: also without its closing 日 (a line recognised from a scan)."""
    pattern = DATE_LINE_DAY_LOST if day_mark_lost else DATE_LINE
    m = pattern.match(ascii_digits(re.sub(r"\s+", "", text)))
    if not m:
        return None
    year, month, day = (cn_to_int(g) for g in m.groups())
    if year is None or month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# ---- numbering ---------------------------------------------------------------------

_OPEN = r"[（(﹙]"
_CLOSE = r"[）)﹚]"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟"

# (style, pattern); the pattern's group 1 is the number. Order matters: the first match wins.
# The numeral of 第X章/第X条 may be broken by spaces in the text layer (第十 七 条); the
# label is read again from the normalized text, where they are gone.
_SPACED_NUMERAL = rf"((?:[{CN_NUMERAL}\d]\s*)+?)"
NUMBERING: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"^\s*第\s*{_SPACED_NUMERAL}\s*(?:部分|篇)\s*")),
    ("chapter", re.compile(rf"^\s*第\s*{_SPACED_NUMERAL}\s*章\s*")),
    ("jie", re.compile(rf"^\s*第\s*{_SPACED_NUMERAL}\s*节\s*")),
    ("article", re.compile(rf"^\s*第\s*{_SPACED_NUMERAL}\s*条(?!例)\s*")),
    ("cn_paren", re.compile(rf"^\s*{_OPEN}\s*([{CN_NUMERAL}]+)\s*{_CLOSE}\s*")),
    ("cn", re.compile(rf"^\s*([{CN_NUMERAL}]+)\s*[、．.]\s*")),
    ("arabic_paren", re.compile(rf"^\s*{_OPEN}\s*(\d{{1,3}})\s*{_CLOSE}\s*")),
    ("arabic_half_paren", re.compile(rf"^\s*(\d{{1,3}})\s*{_CLOSE}\s*")),
    ("arabic", re.compile(r"^\s*(\d{1,3})\s*[.．、](?![\d.．])\s*")),
    # 1.1, 1.1.2: nested by depth; the style carries the depth (decimal2, decimal3, ...). A space
    # must follow as printed, or 1.5亿元 would be a heading; normalization removes that space
    # next to CJK, so a heading already known to be decimal is read again without it.
    ("decimal", re.compile(r"^\s*(\d{1,3}(?:[.．]\d{1,3}){1,5})(?![\d.．%％])\s+")),
    ("circled", re.compile(rf"^\s*([{_CIRCLED}])\s*")),
]


@dataclass(frozen=True, slots=True)
class Numbering:
    style: str
    number: int
    label: str  # the marker as it stands in the text, without surrounding spaces
    end: int  # index in the text where the content after the marker starts
    prefix: tuple[int, ...] = ()  # decimal numbering: the numbers before the last (1.2.3 → (1, 2))


_TIGHT_DECIMAL = re.compile(r"^\s*(\d{1,3}(?:[.．]\d{1,3}){1,5})(?![\d.．%％])\s*")


def numbering_of(text: str, decimal: bool = False) -> Numbering | None:
    """The heading number a paragraph starts with: 一、 （一） 1. 1． 1、 (1) 1) ① 1.1 第一部分 第一章
    第一节 第一条. ``decimal``: the text is a decimal heading's, whose number may run into its text."""
    text = ascii_digits(text)
    for style, pattern in NUMBERING:
        if decimal and style == "decimal":
            pattern = _TIGHT_DECIMAL
        m = pattern.match(text)
        if not m:
            continue
        raw = re.sub(r"\s+", "", m.group(1))
        prefix: tuple[int, ...] = ()
        if style == "circled":
            number: int | None = _CIRCLED.index(raw) + 1
        elif style == "decimal":
            parts = [int(p) for p in re.split(r"[.．]", raw)]
            prefix, number = tuple(parts[:-1]), parts[-1]
            style = f"decimal{len(parts)}"
        else:
            number = cn_to_int(raw)
        if number is None or number <= 0:
            continue
        if m.end() >= len(text.rstrip()):
            continue  # a bare number is not a heading
        return Numbering(style, number, m.group(0).strip(), m.end(), prefix)
    return None
