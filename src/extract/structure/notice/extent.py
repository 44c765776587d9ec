"""Where the notice ends and its attachments begin."""

from __future__ import annotations

from ...model import Line
from ..paragraphs import Frame, compact
from .attachment_note import is_attachment_label
from .header import find_header
from .signature import is_date_line
from .title import title_end
from .typeset import is_title_size

# A bracketed note under the date (附注) takes at most this many lines.
MARKER_LINES = 3


def notice_end(lines: list[Line], frame: Frame) -> int:
    """Index of the first line after the notice (its date and the markers under it).

    The notice never runs past an attachment label or past a page that opens with
    a title (an attachment printed without a label). Without a date it ends there;
    without any of these and without a notice header, there is no notice at all.
    """
    if not lines:
        return 0
    bound = len(lines)
    for i in range(1, len(lines)):
        line, prev = lines[i], lines[i - 1]
        if is_attachment_label(line, frame) or (line.page != prev.page and is_title_size(line, frame)):
            bound = i
            break
    date_at = next((i for i in range(bound) if is_date_line(lines[i])), None)
    if date_at is None:
        red, doc_no, _ = find_header(lines, frame)
        if bound == len(lines) and not red and doc_no is None:
            # No notice around the text: a law or regulation printed on its own is its title.
            return title_end(lines, 0, frame) if is_title_size(lines[0], frame) else 0
        return bound
    end = date_at + 1
    while end < bound:
        text = compact(lines[end].text)
        if not text.startswith(("（", "(")):
            break
        if lines[end].page != lines[end - 1].page and lines[end].page != lines[date_at].page + 1:
            break
        # a bracketed note, possibly wrapped over several lines
        j = end
        while j < min(bound, end + MARKER_LINES) - 1 and not compact(lines[j].text).endswith(("）", ")")):
            j += 1
        if not compact(lines[j].text).endswith(("）", ")")):
            break
        end = j + 1
    return end
