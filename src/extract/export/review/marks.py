"""What the pipeline did to the pages besides reading values: the review page's marks.

Anomalies (at the boxes of the field they were found in), text no field claims, normalization
changes, OCR lines with the engine's confidence, seals and page furniture, each a value of its own
kind with its page and box, and the warnings, which have no place on a page.
"""

from __future__ import annotations

from typing import Any

from ...model import Document, Line
from ..ocr_quality import LOW_CONFIDENCE
from ..quality import claims
from .payload import ANOMALIES, FURNITURE, RULES, Payload


def _line_where(line: Line) -> list[dict[str, Any]]:
    entry: dict[str, Any] = {"page": line.page, "box": line.box.as_list()}
    if line.confidence is not None:
        entry["confidence"] = round(line.confidence, 4)
    return [entry]


def _field_boxes(doc: Document) -> dict[str, list[tuple[int, list[float]]]]:
    """The boxes each output field claims, by the field's name as the normalization log writes it."""
    out: dict[str, list[tuple[int, list[float]]]] = {}
    for name, where in claims(doc):
        if where.box is not None:
            out.setdefault(name, []).append((where.page, where.box.as_list()))
    return out


def _anomaly_where(boxes: dict[str, list[tuple[int, list[float]]]], name: str, page: int) -> list[dict[str, Any]]:
    """The boxes on the anomaly's page of the field it names (or of the field's parts, or of the field
    it is a part of); the page alone when no field claims a box there."""
    found = [
        {"page": p, "box": box}
        for claim, items in boxes.items()
        if claim == name or claim.startswith(name + "/") or name.startswith(claim + "/")
        for p, box in items
        if p == page
    ]
    unique = {(w["page"], tuple(w["box"])): w for w in found}
    return list(unique.values()) or [{"page": page, "box": None}]


def anomaly_section(out: Payload, doc: Document) -> None:
    boxes = _field_boxes(doc)
    ids = [
        out.add(
            "anomaly", f"{ANOMALIES.get(a.kind, a.kind)} · {a.field}", a.text,
            _anomaly_where(boxes, a.field, a.page), detail=a.detail,
        )
        for a in doc.anomalies
    ]
    out.section("anomaly", "异常", "list", items=ids, empty="未发现异常")


def unassigned_section(out: Payload, quality: dict[str, Any]) -> None:
    ids = [
        out.add("unassigned", f"第 {u['page']} 页", u["text"], [{"page": u["page"], "box": u["box"]}])
        for u in quality["coverage"]["unassigned"]
    ]
    out.section("unassigned", "未识别内容", "list", items=ids, empty="所有内容均已归入字段")


def _visible(text: str) -> str:
    """Blanks made visible, an empty side named, so that a change of spacing can be read."""
    if not text:
        return "（空）"
    return text.replace(" ", "␣").replace("\u3000", "□").replace("\n", "↵").replace("\t", "⇥")


def change_section(out: Payload, doc: Document) -> None:
    ids = [
        out.add(
            "change",
            f"{RULES.get(c.rule, c.rule)} · {c.field}",
            f"{_visible(c.before)} → {_visible(c.after)}",
            [{"page": c.page, "box": c.box.as_list() if c.box is not None else None}],
            detail=c.detail,
        )
        for c in doc.changes
    ]
    out.section("change", "规范化修改", "list", items=ids, empty="无修改", collapsed=True)


def ocr_section(out: Payload, doc: Document) -> None:
    if doc.parsed is None:
        return
    lines = [
        line
        for page in doc.parsed.pages
        if page.ocr
        for line in [*page.lines, *(ln for t in page.tables for row in t.rows for c in row if c for ln in c.lines)]
        if line.origin == "ocr" and line.confidence is not None
    ]
    if not lines:
        return
    lines.sort(key=lambda ln: (ln.page, ln.box.top, ln.box.x0))
    ids = []
    for line in lines:
        confidence = line.confidence or 0.0
        low = "（低）" if confidence < LOW_CONFIDENCE else ""
        ids.append(out.add("ocr", f"第 {line.page} 页 · 置信度 {confidence:.2f}{low}", line.text, _line_where(line)))
    out.section("ocr", "OCR 识别行", "list", items=ids, collapsed=True)


def seal_section(out: Payload, seals: list[dict[str, Any]]) -> None:
    if not seals:
        return
    ids = [out.add("seal", "印章", f"第 {s['page']} 页", [{"page": s["page"], "box": s["box"]}]) for s in seals]
    out.section("seal", "印章", "list", items=ids)


def furniture_section(out: Payload, doc: Document) -> None:
    pages = doc.parsed.pages if doc.parsed else []
    ids = [
        out.add("furniture", f"第 {line.page} 页 · {FURNITURE.get(line.furniture or '', line.furniture)}", line.text,
                _line_where(line))
        for page in pages
        for line in page.furniture
    ]
    out.section("furniture", "页面附属（页码、页眉、水印）", "list", items=ids, empty="无", collapsed=True)


def finding_section(out: Payload, conformance: dict[str, Any] | None) -> None:
    """The GB/T 9704 check's findings (conformance.json), errors first, each at its place on the page."""
    if conformance is None:
        return
    from ...check.rules import ELEMENTS, RULES, SEVERITIES, SEVERITY_NAMES

    findings = sorted(conformance["findings"], key=lambda f: SEVERITIES.index(f["severity"]))
    ids = [
        out.add(
            "finding",
            f"{SEVERITY_NAMES[f['severity']]} · {ELEMENTS[f['element']]} · {conformance['standard']} {f['clause']}",
            f"{f['found']} → 应为：{f['expected']}",
            [dict(w) for w in f["where"]] or [{"page": 1, "box": None}],
            detail=f["rule"],
        )
        for f in findings
    ]
    skipped = "；".join(f"{RULES[s['rule']].name}（{s['reason']}）" for s in conformance["not_checkable"])
    out.section("finding", "格式检查（GB/T 9704-2012）", "list", items=ids, empty="未发现不符合之处")
    if skipped:
        out.section(None, "未能检查的规则", "notes", items=[skipped])


def mark_sections(
    out: Payload, doc: Document, quality: dict[str, Any], seals: list[dict[str, Any]],
    conformance: dict[str, Any] | None = None,
) -> None:
    """The check's findings (when asked for), warnings, anomalies, unassigned text, changes, OCR lines, seals
    and furniture, in that order."""
    finding_section(out, conformance)
    out.section(None, "警告", "notes", items=list(quality.get("warnings", [])), empty="无警告")
    anomaly_section(out, doc)
    unassigned_section(out, quality)
    change_section(out, doc)
    ocr_section(out, doc)
    seal_section(out, seals)
    furniture_section(out, doc)
