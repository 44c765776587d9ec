"""The review page: every extracted value beside the place on the page it came from.

:func:`write_review` writes ``review.html`` and the page images ``review/page-NN.png`` into a
document's output folder (:mod:`.images` renders them, :mod:`.payload` and :mod:`.marks` gather what
the page shows from ``document.json``, the quality report and the document model, :mod:`.page`
fills the template in ``assets/``). The page opens from ``file://`` without a server or network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...model import Document
from .images import render_pages
from .marks import mark_sections
from .page import review_html
from .payload import KINDS, Payload, key_task_section, notice_section, outline_section, table_sections

REVIEW_FILE = "review.html"


def _counts(quality: dict[str, Any]) -> str:
    cov = quality["coverage"]
    text = (
        f"{quality['pages']} 页 · 内容字符 {cov['content_chars']:,} · 已归入字段 {cov['assigned_chars']:,}"
        f" · 未识别 {cov['unassigned_chars']:,} · 页面附属 {cov['furniture_chars']:,}"
        f" · 规范化修改 {sum(quality['normalization'].values()):,} · 异常 {quality['anomalies']}"
    )
    ocr = quality.get("ocr")
    if ocr:
        text += f" · OCR {len(ocr['pages'])} 页，平均置信度 {ocr['mean_confidence']}，最低 {ocr['min_confidence']}"
        text += f"，低置信度字段 {len(ocr.get('low_confidence_values', []))}"
    return text


def review_payload(
    doc: Document, doc_json: dict[str, Any], quality: dict[str, Any], pages: list[dict[str, Any]], text_input: bool,
    conformance: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the page shows (see :mod:`.payload` for its shape)."""
    out = Payload()
    notice_section(out, doc_json["notice"])
    outline_section(out, doc_json["outline"])
    key_task_section(out, doc_json["key_tasks"])
    table_sections(out, doc_json["tables"])
    mark_sections(out, doc, quality, doc_json.get("seals", []), conformance)
    source = doc_json["source"]
    return {
        "document": {
            "file": source["file"],
            "title": doc_json["notice"].get("title") or source.get("title") or source["file"],
            "input": "text" if text_input else "pdf",
            "status": quality["status"],
            "reasons": quality["reasons"],
            "counts": _counts(quality),
        },
        "kinds": KINDS,
        "pages": pages,
        "values": out.values,
        "sections": out.sections,
    }


def write_review(
    doc: Document, doc_json: dict[str, Any], quality: dict[str, Any], folder: Path, source: Path,
    password: str | None = None, conformance: dict[str, Any] | None = None,
) -> list[Path]:
    """Write ``review.html`` (and, for a PDF, ``review/page-NN.png``) into ``folder``; the files written.

    ``source`` is the input the document was read from: its pages are rendered again for the images.
    A text dump has no page images; its values name the lines of the file they came from.
    ``conformance`` (conformance.json, when the document was checked) marks the check's findings.
    """
    from ...parse.source import is_text_dump

    text_input = is_text_dump(source)
    model_pages = doc.parsed.pages if doc.parsed else []
    images = {} if text_input else {img.page: img for img in render_pages(Path(source), password, model_pages)}
    written = []
    pages = []
    for page in model_pages:
        entry: dict[str, Any] = {
            "page": page.number,
            "width": round(page.width, 2),
            "height": round(page.height, 2),
            "ocr": page.ocr,
            "rotation": page.rotation,
        }
        image = images.get(page.number)
        if image is not None:
            entry |= {"image": image.path, "image_width": image.width, "image_height": image.height}
            target = folder / image.path
            target.parent.mkdir(mode=0o755, exist_ok=True)
            target.write_bytes(image.data)
            written.append(target)
        pages.append(entry)
    payload = review_payload(doc, doc_json, quality, pages, text_input, conformance)
    title = f"审阅 · {doc_json['source']['file']}"
    target = folder / REVIEW_FILE
    target.write_text(review_html(payload, title, doc_json["generator"]), encoding="utf-8")
    return [target, *written]


__all__ = ["REVIEW_FILE", "review_payload", "write_review"]
