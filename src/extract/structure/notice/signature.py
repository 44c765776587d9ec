"""署名 and 成文日期: the issuing organs set over the date, and the date (Arabic or Chinese numerals)."""

from __future__ import annotations

import re

from ...model import Line
from ..numerals import numbering_of, parse_date
from ..paragraphs import Frame, compact, split_on_gaps
from .attachment_note import ATTACHMENT_NOTE
from .fields import NoticeFields

SENTENCE_MARKS = set("。，；：！？,;:!?")


def is_date_line(line: Line) -> bool:
    return _date_of(line.text, line) is not None


def _date_of(text: str, line: Line) -> str | None:
    # a recognised 成文日期 under its seal may have lost its 日: nothing else ends a line in 年月 and a day
    return parse_date(text, day_mark_lost=line.origin == "ocr")


def signature_like(line: Line, frame: Frame) -> bool:
    """A short line without sentence marks, right of centre or in pieces set apart: an organ's name."""
    text = compact(line.text)
    if not text or len(text) > 60 or is_date_line(line) or ATTACHMENT_NOTE.match(text) or numbering_of(text):
        return False
    if any(ch in SENTENCE_MARKS for ch in text) or text.startswith(("（", "(")):
        return False
    if frame.per_line:
        return True
    return frame.kind(line) != "flush" and (frame.is_right_side(line) or len(split_on_gaps(line, frame.size)) > 1)


# Organs signing side by side stand apart by at least this share of the body size; the characters
# of one name touch.
NAME_GAP = 0.5
# A 令's 署名: the signer's office and name, after a colon (省长：某某, 主席：某某) or set apart
# from an office that says it is one (省长  某某).
SIGNER = re.compile(
    r"^\s*(?:[\u4e00-\u9fff]{1,12}\s*[：:]|[\u4e00-\u9fff]{0,10}(?:长|主席|主任|总理|书记)\s+)\s*[\u4e00-\u9fff·]{2,12}\s*$"
)


def is_signer(line: Line, frame: Frame) -> bool:
    return bool(SIGNER.match(line.text)) and (frame.per_line or frame.kind(line) != "flush")


def read_date(fields: NoticeFields, line: Line) -> None:
    text = fields.text("date", [line])
    fields.notice.date = _date_of(text, line) or _date_of(line.text, line)
    fields.put_where("date", [line])


def read_signature(fields: NoticeFields, lines: list[Line], signers: bool = False) -> None:
    """The organs that sign, one per name set apart; ``signers``: a 令's signer lines, each one whole."""
    if not lines:
        return
    names, used = [], []
    for line in lines:
        whole = signers and is_signer(line, fields.frame)
        for piece in [line] if whole else split_on_gaps(line, NAME_GAP * fields.frame.size):
            text = fields.text("signature", [piece])
            if text:
                names.append(text)
                used.append(piece)
    if names:
        fields.notice.signature = "、".join(names)
        fields.notice.signatures = names
        fields.put_where("signature", used)
        if not fields.notice.issuers:
            # No 版头 printed (a 公告, a notice on plain paper): the organs that sign issue it. Their
            # place is the signature's (where.signature); claiming it twice would count it twice.
            fields.notice.issuers = list(names)
            fields.notice.issuer = "、".join(names)
