"""版头: the 发文机关标志 (issuer mark) and the 发文字号 (doc number).

The issuer mark is red, one line per issuer of a joint notice, with or without a
trailing 文件 (printed apart or not); a header printed in black is found by size
or by that 文件. The doc number is ``机关代字〔年份〕序号号``, brackets of any width. Without a 版头 (a copy
republished on a website, a 公告), the number may stand alone on the line under the title.
"""

from __future__ import annotations

import re

from ...model import Change, Line
from ..paragraphs import Frame, compact, slice_line, split_on_gaps
from .fields import NoticeFields
from .typeset import is_red, is_title_size

# The header and title sit in the first lines of the first page.
HEADER_LINES = 12

_OPEN = "〔[［(（【"
_CLOSE = "〕]］)）】"
DOC_NUMBER = re.compile(
    rf"([\u3400-\u9fff]{{1,16}})\s*([{re.escape(_OPEN)}])\s*([0-9０-９]{{4}})\s*([{re.escape(_CLOSE)}])\s*([0-9０-９]{{1,5}})\s*号"
)


# A 公告's or 令's number, printed alone under its title: （十四届第3号）, 第12号, 某某总局公告2019年第8号.
ANNOUNCEMENT_NUMBER = re.compile(
    r"^[（(]?[\u3400-\u9fff0-9０-９]{0,20}第[0-9０-９一二三四五六七八九十百零〇]{1,5}号[）)]?$"
)


def is_announcement_number(line: Line) -> bool:
    return bool(ANNOUNCEMENT_NUMBER.match(compact(line.text)))


def is_doc_number_line(line: Line) -> bool:
    """A line that is a 发文字号 and nothing else: the number of a republished copy (title first,
    then its number) or of a 公告 (某府公告〔2019〕8号) printed under the title."""
    m = DOC_NUMBER.search(line.text)
    return m is not None and compact(line.text) == compact(m.group(0))


def read_announcement_number(fields: NoticeFields, line: Line) -> None:
    fields.notice.doc_number = fields.text("doc_number", [line])
    fields.put_where("doc_number", [line])


def _header_row(line: Line) -> bool:
    """A row of the 版头 set apart in pieces, one of them the 发文字号 (``2017年9月4日  通知〔2017〕7号
    秘书处``): set larger than the body, but not the title, which is one run."""
    return bool(DOC_NUMBER.search(line.text)) and len(split_on_gaps(line, 2 * line.size)) > 1


def find_header(lines: list[Line], frame: Frame) -> tuple[list[int], int | None, int]:
    """Red issuer lines, the doc-number line and where the title starts (the header's end)."""
    head = [i for i in range(min(len(lines), HEADER_LINES)) if lines[i].page == lines[0].page]
    big = next((i for i in head if is_title_size(lines[i], frame) and not _header_row(lines[i])), None)
    scope = [i for i in head if big is None or i < big]
    red = [i for i in scope if is_red(lines[i].color)]
    doc_no = next((i for i in scope if i not in red and DOC_NUMBER.search(lines[i].text)), None)
    if big is not None:
        start = big
    elif doc_no is not None:
        start = doc_no + 1
    elif red:
        start = red[-1] + 1
    else:
        start = 0
    if not red:
        # A header printed in black: the big lines above the doc number, or those ending in 文件.
        limit = doc_no if doc_no is not None else start
        red = [
            i
            for i in range(limit)
            if lines[i].size >= 1.3 * frame.size or compact(lines[i].text).endswith("文件")
        ]
    return red, doc_no, start


# Names of a joint 版头 set side by side (two or three to a line, or a grid) stand apart by at least
# this share of their size; the characters of one name touch (a name letter-spaced into single
# characters is kept whole by split_on_gaps).
NAME_GAP = 0.5


def read_issuers(fields: NoticeFields, red: list[Line]) -> None:
    pieces = [piece for line in red for piece in split_on_gaps(line, NAME_GAP * line.size)]
    names = []
    for piece in pieces:
        text = fields.text(f"issuers/{len(names)}", [piece])
        text = re.sub(r"\s*文件$", "", text).strip()
        if text:
            names.append(text)
    if names:
        fields.notice.issuers = names
        fields.notice.issuer = "、".join(names)
        # A 文件 printed apart from the names is still part of the issuer mark.
        fields.put_where("issuer", pieces)


def read_order_issuer(fields: NoticeFields) -> None:
    """A 令's issuer is the organ or office its title names before 令 (某某省人民政府令, 某某部令).

    Its place is the title's (where.title): claiming it twice would count it twice."""
    title = re.sub(r"\s+", "", fields.notice.title or "")
    name = title[:-1] if title.endswith("令") else ""
    if len(name) >= 2:
        fields.notice.issuers = [name]
        fields.notice.issuer = name


def read_doc_number(fields: NoticeFields, line: Line) -> None:
    m = DOC_NUMBER.search(line.text)
    if not m:
        return
    text = fields.text("doc_number", [slice_line(line, m.start(), m.end())])
    n = DOC_NUMBER.search(text)
    if n is None:
        fields.notice.doc_number = text
    else:
        prefix, opening, year, closing, number = n.groups()
        for before, after in ((opening, "〔"), (closing, "〕")):
            if before != after:
                fields.norm.changes.append(
                    Change("notice/doc_number", line.page, line.box, "doc_number_bracket", before, after, True)
                )
        fields.notice.doc_number = f"{prefix}〔{year}〕{number}号"
    fields.put_where("doc_number", [line])
