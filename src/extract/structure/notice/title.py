"""标题: the title, set larger than the body and possibly wrapped, under the header."""

from __future__ import annotations

from ...model import Line
from ..paragraphs import Frame, compact
from .fields import NoticeFields
from .recipients import RECIPIENTS_END, is_salutation
from .signature import is_date_line
from .typeset import is_red, is_title_size


def title_end(lines: list[Line], start: int, frame: Frame) -> int:
    """Index after the title's lines, which begin at ``start``."""
    if start >= len(lines):
        return start
    first = lines[start]
    end = start
    if is_title_size(first, frame):
        while (
            end < len(lines)
            and abs(lines[end].size - first.size) < 1.0
            and lines[end].page == first.page
            and not is_red(lines[end].color)
            and not is_salutation(lines[end])
        ):
            end += 1
        return end
    if compact(first.text).endswith(RECIPIENTS_END) or frame.kind(first) == "indent" or is_salutation(first):
        return start  # no title
    if frame.per_line:
        return start + 1
    while (
        end < len(lines)
        and (lines[end].bold or frame.kind(lines[end]) == "other")
        and not is_date_line(lines[end])
        and not is_salutation(lines[end])
    ):
        end += 1
    return max(end, start + 1)


def read_title(fields: NoticeFields, lines: list[Line]) -> None:
    if lines:
        fields.notice.title = fields.text("title", lines)
        fields.put_where("title", lines)
