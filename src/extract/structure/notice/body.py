"""正文 and 附注: the body paragraphs, and the bracketed markers such as （此件公开发布）."""

from __future__ import annotations

import re

from ...model import Line
from ..paragraphs import compact
from .fields import NoticeFields

MARKER = re.compile(r"^[（(]\s*此件.{1,30}[）)]$")
BRACKETED = re.compile(r"^[（(].*[）)]$")


def read_body(fields: NoticeFields, paragraphs: list[list[Line]]) -> None:
    """Body paragraphs; a 此件… marker among them is a marker, not body text."""
    notice = fields.notice
    for para in paragraphs:
        raw = compact("".join(line.text for line in para))
        if MARKER.match(raw):
            read_marker(fields, para)
            continue
        index = len(notice.body)
        text = fields.text(f"body/{index}", para)
        if text:
            notice.body.append(text)
            fields.put_where(f"body/{index}", para)


def read_marker(fields: NoticeFields, para: list[Line]) -> None:
    index = len(fields.notice.markers)
    fields.notice.markers.append(fields.text(f"markers/{index}", para))
    fields.put_where(f"markers/{index}", para)


def read_markers(fields: NoticeFields, paragraphs: list[list[Line]]) -> None:
    """The bracketed notes under the date."""
    for para in paragraphs:
        if BRACKETED.match(compact("".join(line.text for line in para))):
            read_marker(fields, para)
