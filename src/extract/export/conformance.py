"""conformance.json and conformance.csv: the GB/T 9704 check, when it was asked for (check, run --check)."""

from __future__ import annotations

from typing import Any

from ..model import Document

CONFORMANCE_COLUMNS = ["element", "rule", "clause", "severity", "found", "expected", "basis", "confidence", "pages",
                       "boxes"]


def conformance_files(doc: Document) -> dict[str, Any]:
    """The conformance.json object, and conformance.csv's rows (one per finding); empty when not checked."""
    if doc.conformance is None:
        return {}
    from ..check import conformance_json

    data = conformance_json(doc, doc.conformance)
    rows = [
        [f["element"], f["rule"], f["clause"], f["severity"], f["found"], f["expected"], f["basis"],
         "" if f["confidence"] is None else f["confidence"],
         ";".join(str(w["page"]) for w in f["where"]),
         ";".join(" ".join(map(str, w["box"])) for w in f["where"] if w["box"] is not None)]
        for f in data["findings"]
    ]
    return {"json": data, "rows": rows}


def conformance_resource() -> dict[str, Any]:
    from .datapackage import STRING, _field, _resource

    return _resource(
        "conformance",
        "GB/T 9704-2012 检查结果",
        [
            _field("element", STRING, "要素", "The element checked: doc_number, date, title, recipients, levels, "
                   "attachment_note, page_number, body, colophon, seal"),
            _field("rule", STRING, "规则", "The rule's stable id, e.g. doc_number.brackets"),
            _field("clause", STRING, "条款", "Its clause of GB/T 9704-2012, e.g. 7.2.5"),
            _field("severity", STRING, "严重程度", "error, warning or note", constraints={"enum": ["error", "warning",
                                                                                                   "note"]}),
            _field("found", STRING, "实际", "What the document prints or measures"),
            _field("expected", STRING, "应为", "What the rule expects"),
            _field("basis", STRING, "依据", "text (text layer), ocr (recognised in the page image) or measured "
                   "(positions, sizes, fonts)"),
            _field("confidence", "number", "置信度", "The OCR engine's lowest confidence under the finding's lines"),
            _field("pages", STRING, "页码", "Pages of the finding, separated by ;"),
            _field("boxes", STRING, "位置", "One box per page, x0 top x1 bottom in PDF points, separated by ;"),
        ],
    )
