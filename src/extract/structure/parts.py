"""The document cut into the parts of its outline, and the legacy attachment view of one part.

* ``body``: the notice's own text — its body paragraphs, as the notice read them
  (found again by the boxes the notice names for them), which may carry numbered
  headings (an 意见 or a 通知 without attachment). A document without a notice
  (a law as a gazette prints it) is all ``body``.
* ``attachment 1``, ``attachment 2`` …: what follows the notice, cut at each 附件
  label, in reading order. What the notice issues or promulgates and prints
  straight after it (a 实施方案, the 条例 under its 公告) is ``attachment 1`` even
  without a label: the notice ends at its date. A later attachment without label
  starts at an unnumbered title-size line that opens a page or follows a date. A label
  further on than the count names its own number: 附件2 after an attachment printed only as
  an image (a scanned form, no text to cut at) is ``attachment 2``.

``sections`` and ``attachment`` (the outline of the first attachment, as the
exports have always had it) are derived from the first attachment, or from the
``body`` of a document without a notice.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..model import Attachment, Line, Notice, OutlineNode, OutlinePart, Point, Section
from ..normalize import Normalizer
from .notice import ATTACHMENT_LABEL, is_attachment_label
from .numerals import cn_to_int
from .outline import read_body_part, read_part, split_attachments
from .paragraphs import Frame, compact

_BODY_KEY = re.compile(r"^body/(\d+)$")
SLACK = 0.5


class Outline(NamedTuple):
    attachment: Attachment
    sections: list[Section]
    parts: list[OutlinePart]


def notice_body_paragraphs(lines: list[Line], notice: Notice) -> list[tuple[str, list[Line]]]:
    """(field name, lines) of each body paragraph of the notice, in order."""
    keys = sorted((k for k in notice.where if _BODY_KEY.match(k)), key=lambda k: int(k.split("/")[1]))
    taken: set[int] = set()
    out = []
    for key in keys:
        para = []
        for line in lines:
            if id(line) in taken:
                continue
            wheres = notice.where[key]
            if any(w.page == line.page and w.box is not None and w.box.encloses(line.box, SLACK) for w in wheres):
                para.append(line)
                taken.add(id(line))
        if para:
            out.append((f"notice/{key}", para))
    return out


def _point(node: OutlineNode) -> Point:
    return Point(
        no=node.no,
        title=node.title,
        body=node.body,
        level=node.level,
        label=node.label,
        children=[_point(child) for child in node.children],
        pages=node.pages,
        where=node.where,
    )


def _section(node: OutlineNode) -> Section:
    return Section(
        no=node.no,
        title=node.title,
        points=[_point(child) for child in node.children],
        label=node.label,
        body=node.body,
        pages=node.pages,
        where=node.where,
    )


def _legacy_names(key: str) -> str:
    # The field names the first attachment's text has always been normalized under.
    return "sections" if key == "root" else f"attachment/{key}"


def _outline_names(part: str, key: str) -> str:
    return f"outline/{part}" if key == "root" else f"outline/{part}/{key}"


def _label_number(line: Line, frame: Frame) -> int | None:
    if not is_attachment_label(line, frame):
        return None
    m = ATTACHMENT_LABEL.match(compact(line.text))
    return cn_to_int(m.group(1)) if m and m.group(1) else None


def build_outline(lines: list[Line], end: int, notice: Notice, frame: Frame, norm: Normalizer) -> Outline:
    """The outline's parts from the content stream, whose notice ends at ``end``."""
    parts: list[OutlinePart] = []
    if end > 0:
        paragraphs = notice_body_paragraphs(lines[:end], notice)
        if paragraphs:
            parts.append(read_body_part(paragraphs, notice.title, frame, norm))
    # A law or regulation printed on its own has a title and no notice around it: the whole text,
    # its title included, is the body.
    title_only = not (notice.issuers or notice.doc_number or notice.date or notice.recipients or notice.body)
    rest = lines if title_only else lines[end:]
    standalone = (end == 0 or title_only) and bool(rest) and not is_attachment_label(rest[0], frame)
    primary: OutlinePart | None = None
    number = 0
    for k, segment in enumerate(split_attachments(rest, frame)):
        # Numbered on in reading order; a label further on (附件2 after an attachment printed as an
        # image only, which has no text to cut at) names its own number.
        labelled = _label_number(segment[0], frame) if segment else None
        number = labelled if labelled is not None and labelled > number + 1 and not standalone else number + 1
        name = "body" if standalone and k == 0 else f"attachment {number - 1 if standalone else number}"
        if k == 0:
            part = read_part(name, segment, frame, norm, _legacy_names)
            primary = part
        else:
            part = read_part(name, segment, frame, norm, lambda key, name=name: _outline_names(name, key))
        parts.append(part)
    if primary is None:
        return Outline(Attachment(), [], parts)
    where = dict(primary.where)
    title = primary.title
    if title_only:
        # The document's title is the notice's field already; the legacy attachment does not repeat it.
        title = None
        where.pop("title", None)
    attachment = Attachment(primary.label, title, primary.preamble, where)
    return Outline(attachment, [_section(node) for node in primary.nodes], parts)
