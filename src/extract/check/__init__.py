"""Check stage: the document against GB/T 9704-2012, as the people who draft and issue 公文 proofread it.

Entry point: :func:`check_document`, which reads the extracted document (the notice's elements with
their boxes, the outline, the pages with fonts, sizes, rulings and page furniture) and returns a
:class:`~extract.model.Conformance`: the findings, the rules applied, and the rules that did not apply
(no such element, another format) or could not be checked on this input (a scan has no fonts, a text
dump no page). The format is told first (:mod:`.layout`), so a 公告 on plain paper or a law printed
on its own is checked by its own rules. One module per group of elements: :mod:`.header` (发文字号),
:mod:`.opening` (标题, 主送), :mod:`.levels` (结构层次序数), :mod:`.attachments` (附件说明),
:mod:`.dates` (成文日期, 印发日期), :mod:`.colophon` (版记, 印章), :mod:`.pages` (页码) and
:mod:`.typesetting` (字体字号, 行数字数, 版心); :mod:`.rules` names every rule and its clause,
:mod:`.report` writes the findings for people and for conformance.json.
"""

from __future__ import annotations

from ..model import Conformance, Document
from ..structure.paragraphs import Frame
from .attachments import check_attachment_note
from .colophon import check_colophon, check_seal
from .context import Context
from .dates import check_date
from .header import check_doc_number
from .layout import layout_of
from .levels import check_levels
from .opening import check_recipients, check_title
from .pages import check_page_numbers
from .report import conformance_json, report_lines
from .typesetting import check_body

CHECKS = (
    check_doc_number, check_title, check_recipients, check_levels, check_attachment_note, check_date,
    check_seal, check_colophon, check_page_numbers, check_body,
)


def check_document(doc: Document) -> Conformance:
    """Every rule that applies to the document, in the order its elements are printed."""
    frame = Frame.of(doc.parsed) if doc.parsed is not None else Frame()
    ctx = Context(doc, frame, layout_of(doc))
    for check in CHECKS:
        check(ctx)
    return ctx.report


__all__ = ["check_document", "conformance_json", "report_lines"]
