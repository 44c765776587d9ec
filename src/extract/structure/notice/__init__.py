"""The notice (the 公文 itself, before its attachments): metadata by GB/T 9704 layout.

One module per element, in the order the page prints them:

* :mod:`.header` — 版头: the red 发文机关标志 (issuer mark, one line per issuer of
  a joint notice, with or without a trailing 文件) and the 发文字号 (doc number);
* :mod:`.title` — the title in a larger size, possibly wrapped;
* :mod:`.recipients` — the 主送机关, flush left and ending in ：;
* :mod:`.body` — the body paragraphs, and the 附注 markers in brackets such as
  （此件公开发布） under the date;
* :mod:`.attachment_note` — the 附件说明 (附件：name, or 附件：1.… 2.… with hanging
  continuation lines) and the 附件 label that opens an attachment;
* :mod:`.signature` — the 署名 (organ names set over the date) and the 成文日期
  (right side, Arabic or Chinese numerals);
* :mod:`.colophon` — the 版记 (抄送, 印发机关 and 印发日期) that ends the document.

The genre (文种) is read from the title's last words (:mod:`.genre`); a number printed
alone under the title (a 公告's （十四届第3号） or 某府公告〔2019〕8号, a 令's 第215号, a
republished copy's 某政办发[2011]12号) is its doc number; without a 版头, the organs that sign
are the issuers, and a 令's issuer is named by its title (某某省人民政府令), its 署名 being the
signer (省长：某某). A notice signed without a date ends with the organ names right of centre.

:mod:`.extent` decides where the notice ends; :func:`build_notice` reads the
elements from its lines into a :class:`~extract.model.Notice`.
"""

from __future__ import annotations

from ...model import Line, Notice
from ...normalize import Normalizer
from ..paragraphs import Frame, compact
from .attachment_note import (
    ATTACHMENT_LABEL,
    is_attachment_label,
    labelled_title,
    read_attachment_note,
    starts_attachment_note,
)
from .body import read_body, read_markers
from .colophon import is_colophon, read_colophon
from .extent import notice_end
from .fields import NoticeFields
from .genre import genre_of
from .header import (
    find_header,
    is_announcement_number,
    is_doc_number_line,
    read_announcement_number,
    read_doc_number,
    read_issuers,
    read_order_issuer,
)
from .recipients import read_recipients, recipients_like
from .signature import is_date_line, is_signer, read_date, read_signature, signature_like
from .title import read_title, title_end
from .typeset import TITLE_STEP, is_red

# A notice signed without a date ends with at most this many lines of organ names.
UNDATED_SIGNATURE_LINES = 3


# A title printed above its 发文字号, without a 版头, takes at most this many lines.
TITLE_FIRST_LINES = 4


def _title_first(lines: list[Line], red: list[int], doc_no: int, start: int) -> bool:
    """No 版头, and the doc number alone on its line right under a few lines: those are the title."""
    return (
        not red
        and 0 < doc_no <= TITLE_FIRST_LINES
        and start == doc_no + 1
        and is_doc_number_line(lines[doc_no])
        and all(line.page == lines[doc_no].page for line in lines[:doc_no])
    )


def _read_head(fields: NoticeFields, lines: list[Line], frame: Frame) -> tuple[int | None, int]:
    """The 版头 and the title: issuers, doc number, title and genre; the doc number's line and the
    index after the title."""
    red, doc_no, start = find_header(lines, frame)
    if len(red) == 1 and compact(lines[red[0]].text).endswith("令") and doc_no is None:
        # An order's mark (某某省人民政府令, 中华人民共和国主席令) is its title: the issuer is named by it.
        read_title(fields, [lines[red[0]]])
        fields.notice.genre = genre_of(fields.notice.title)
        return None, red[0] + 1
    read_issuers(fields, [lines[i] for i in red])
    if doc_no is not None and _title_first(lines, red, doc_no, start):
        # A republished copy whose title is set in the body's size: the lines above its number.
        read_title(fields, lines[:doc_no])
        read_doc_number(fields, lines[doc_no])
        end = doc_no + 1
    else:
        if doc_no is not None:
            read_doc_number(fields, lines[doc_no])
        end = title_end(lines, start, frame)
        read_title(fields, lines[start:end])
    fields.notice.genre = genre_of(fields.notice.title)
    return doc_no, end


def build_notice(lines: list[Line], frame: Frame, norm: Normalizer, colophon: list[Line] | None = None) -> Notice:
    """The notice's metadata from its lines (the lines before its attachments) and the 版记's lines.

    Elements are read in a fixed order, which is also the order of their entries
    in the normalization log.
    """
    fields = NoticeFields(frame, norm)
    if not lines:
        if colophon:
            read_colophon(fields, colophon)
        return fields.notice
    doc_no, end = _read_head(fields, lines, frame)
    rest = lines[end:]
    if doc_no is None and rest and is_doc_number_line(rest[0]):
        read_doc_number(fields, rest[0])
        rest = rest[1:]
    elif doc_no is None and rest and is_announcement_number(rest[0]):
        read_announcement_number(fields, rest[0])
        rest = rest[1:]
    if fields.notice.genre == "令" and not fields.notice.issuers:
        read_order_issuer(fields)
    date_at = max((i for i, line in enumerate(rest) if is_date_line(line)), default=None)
    after: list[Line] = []
    if date_at is not None:
        read_date(fields, rest[date_at])
        after = rest[date_at + 1 :]
        rest = rest[:date_at]
    paragraphs = frame.paragraphs(rest)
    if paragraphs and recipients_like(paragraphs[0], frame):
        read_recipients(fields, paragraphs.pop(0))
    note_at = next((i for i, p in enumerate(paragraphs) if starts_attachment_note(p)), len(paragraphs))
    body, tail = paragraphs[:note_at], read_attachment_note(fields, paragraphs[note_at:])
    if note_at == len(paragraphs):
        body, tail = [], body
    signature: list[Line] = []
    order = fields.notice.genre == "令"
    if date_at is not None:
        while tail and len(tail[-1]) == 1 and (
            signature_like(tail[-1][0], frame) or (order and is_signer(tail[-1][0], frame))
        ):
            signature.insert(0, tail.pop()[0])
    else:
        # Signed at the end only, without a date: organ names set right of centre end the notice.
        while (
            tail
            and len(tail[-1]) == 1
            and len(signature) < UNDATED_SIGNATURE_LINES
            and signature_like(tail[-1][0], frame)
            and frame.is_right_side(tail[-1][0])
        ):
            signature.insert(0, tail.pop()[0])
    read_body(fields, body + tail)
    read_signature(fields, signature, signers=order)
    read_markers(fields, frame.paragraphs(after))
    if colophon:
        read_colophon(fields, colophon)
    return fields.notice


__all__ = [
    "ATTACHMENT_LABEL",
    "TITLE_STEP",
    "build_notice",
    "is_attachment_label",
    "labelled_title",
    "is_colophon",
    "is_date_line",
    "is_red",
    "notice_end",
    "signature_like",
]
