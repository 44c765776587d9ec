"""附件说明: ``附件：name``, or ``附件：1.… 2.…`` with hanging continuation lines; and the 附件 label."""

from __future__ import annotations

import re

from ...model import Line
from ..numerals import numbering_of
from ..paragraphs import Frame, compact
from .fields import NoticeFields

ATTACHMENT_LABEL = re.compile(r"^附件\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?\s*[:：]?$")
ATTACHMENT_NOTE = re.compile(r"^附件\s*[:：]\s*")
# 附件1 and the attachment's title on one line (as WPS sets an attachment's first line): the label,
# numbered, then the title.
LABELLED_TITLE = re.compile(r"^\s*(附件\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}))\s*[:：]?\s*(\S.*)$")
# Such a title is short and is no sentence.
LABELLED_TITLE_MAX = 40


def is_attachment_label(line: Line, frame: Frame) -> bool:
    """附件 / 附件1 / 附件一 alone on a line, flush left: the first line of an attachment."""
    return bool(ATTACHMENT_LABEL.match(compact(line.text))) and frame.kind(line) in ("flush", "indent")


def labelled_title(line: Line, frame: Frame) -> int | None:
    """Where the title starts in a line that opens an attachment with its numbered label and its title
    (``附件1 版式软件测试工作安排``), flush left; None for any other line."""
    m = LABELLED_TITLE.match(line.text)
    if not m or frame.kind(line) not in ("flush", "indent"):
        return None
    title = compact(m.group(2))
    if len(title) > LABELLED_TITLE_MAX or title[-1] in "。；;，,：:" or numbering_of(title) is not None:
        return None
    return m.start(2)


def starts_attachment_note(para: list[Line]) -> bool:
    return bool(ATTACHMENT_NOTE.match(compact(para[0].text)))


def read_attachment_note(fields: NoticeFields, paragraphs: list[list[Line]]) -> list[list[Line]]:
    """The attachment names; returns the paragraphs after the note that are not part of it."""
    if not paragraphs:
        return []
    frame = fields.frame
    first = paragraphs[0][0]
    m = ATTACHMENT_NOTE.match(first.text.lstrip())
    # x where the attachment names start, for the hanging continuation lines
    offset = len(first.text) - len(first.text.lstrip()) + (m.end() if m else 0)
    if first.char_boxes and offset < len(first.char_boxes):
        hang = first.char_boxes[offset].x0
    else:
        hang = first.box.x0 + 3 * frame.size
    items: list[list[Line]] = [list(paragraphs[0])]
    leftover: list[list[Line]] = []
    expected = 2
    for para in paragraphs[1:]:
        head = para[0]
        numbered = numbering_of(head.text)
        aligned = frame.per_line or abs(head.box.x0 - hang) <= 2.5 * frame.size
        if leftover:
            leftover.append(para)
        elif numbered and numbered.number == expected and (aligned or frame.kind(head) != "flush"):
            items.append(list(para))
            expected += 1
        elif aligned and not frame.per_line and frame.kind(head) == "other":
            items[-1].extend(para)  # a name wrapped under the first character of the names
        else:
            leftover.append(para)
    for index, item in enumerate(items):
        text = fields.text(f"attachments/{index}", item)
        if index == 0:
            text = ATTACHMENT_NOTE.sub("", text, count=1)
        numbered = numbering_of(text)
        if numbered and (len(items) > 1 or numbered.number == 1):
            text = text[numbered.end :]
        text = text.strip()
        if text:
            fields.notice.attachments.append(text)
            fields.put_where(f"attachments/{len(fields.notice.attachments) - 1}", item)
    return leftover
