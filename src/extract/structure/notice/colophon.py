"""版记: 抄送：… and the 印发 line at the foot of the last page, where the document ends.

The 抄送 line lists the organs that receive copies (split like recipients, between
groups); the 印发 line names the printing office and the 印发日期, which is not the
成文日期.
"""

from __future__ import annotations

import re

from ...model import Line
from ..numerals import ascii_digits, parse_date
from ..paragraphs import compact
from .fields import NoticeFields
from .recipients import SPLIT_RECIPIENTS, _depth_split

COLOPHON = re.compile(r"^(抄送|抄报|分送)[:：]|\d{4}年\d{1,2}月\d{1,2}日印发$")
CC = re.compile(r"^(?:抄送|抄报|分送)\s*[:：]\s*")
PRINTED = re.compile(
    r"^(?P<office>.*?)\s*(?P<date>[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日)\s*印\s*发$"
)


def is_colophon(line: Line) -> bool:
    return bool(COLOPHON.search(ascii_digits(compact(line.text))))


def read_colophon(fields: NoticeFields, lines: list[Line]) -> None:
    """抄送 (possibly wrapped over lines) and the 印发 line, from the lines of the 版记 on."""
    cc: list[Line] = []
    for line in lines:
        text = compact(line.text)
        if CC.match(text):
            cc = [line]
        elif PRINTED.match(text):
            read_printed(fields, line)
        elif cc and not is_colophon(line) and len(cc) < 4 and not PRINTED.match(text):
            cc.append(line)
    if cc:
        text = CC.sub("", fields.text("cc", cc)).rstrip("。.").strip()
        fields.notice.cc = _depth_split(text, SPLIT_RECIPIENTS)
        fields.put_where("cc", cc)


def read_printed(fields: NoticeFields, line: Line) -> None:
    text = fields.text("printed", [line])
    m = PRINTED.match(text)
    if m is None:
        return
    office = m.group("office").strip()
    fields.notice.printed_by = office or None
    fields.notice.printed_on = parse_date(m.group("date"))
    fields.put_where("printed", [line])
