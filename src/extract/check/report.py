"""The check's results for people (a short report grouped by element) and for conformance.json."""

from __future__ import annotations

from typing import Any

from ..model import Conformance, Document, Where
from .layout import LAYOUT_NAMES
from .rules import ELEMENTS, RULES, SEVERITIES, SEVERITY_NAMES

CONFORMANCE_VERSION = "1.0.0"
STANDARD = "GB/T 9704-2012"
BASIS_NAMES = {"text": "文字层", "ocr": "OCR", "measured": "版面测量"}


def _where(where: tuple[Where, ...]) -> list[dict[str, Any]]:
    out = []
    for w in where:
        entry: dict[str, Any] = {"page": w.page, "box": w.box.as_list() if w.box is not None else None}
        if w.line_no is not None:
            entry["line"] = w.line_no
        out.append(entry)
    return out


def counts(report: Conformance) -> dict[str, int]:
    return {s: sum(1 for f in report.findings if f.severity == s) for s in SEVERITIES}


def conformance_json(doc: Document, report: Conformance) -> dict[str, Any]:
    """conformance.json (schema/conformance.schema.json)."""
    from ..version import __version__

    return {
        "schema_version": CONFORMANCE_VERSION,
        "generator": f"extract {__version__}",
        "standard": STANDARD,
        "source": {"file": doc.source.file, "sha256": doc.source.sha256, "pages": doc.source.pages},
        "layout": report.layout,
        "counts": counts(report),
        "findings": [
            {
                "element": f.element,
                "rule": f.rule,
                "clause": f.clause,
                "severity": f.severity,
                "found": f.found,
                "expected": f.expected,
                "basis": f.basis,
                "confidence": f.confidence,
                "where": _where(f.where),
            }
            for f in report.findings
        ],
        "checked": sorted(report.checked),
        "not_applicable": [{"rule": s.rule, "clause": s.clause, "reason": s.reason} for s in report.not_applicable],
        "not_checkable": [{"rule": s.rule, "clause": s.clause, "reason": s.reason} for s in report.not_checkable],
    }


def _place(where: list[dict[str, Any]]) -> str:
    pages = sorted({w["page"] for w in where})
    if not pages:
        return ""
    if where[0].get("line") is not None:
        return f"第 {where[0]['line']} 行"
    return "第 " + "、".join(map(str, pages)) + " 页"


def report_lines(data: dict[str, Any]) -> list[str]:
    """The terminal report of one document from its conformance.json: counts, findings by element."""
    c = data["counts"]
    head = (
        f"{data['source']['file']}: {LAYOUT_NAMES.get(data['layout'], data['layout'])} · "
        f"{c['error']} 错误 · {c['warning']} 警告 · {c['note']} 提示 ({data['standard']})"
    )
    out = [head]
    order = list(ELEMENTS)
    findings = sorted(data["findings"], key=lambda f: (order.index(f["element"]), SEVERITIES.index(f["severity"])))
    element = None
    for f in findings:
        if f["element"] != element:
            element = f["element"]
            out.append(f"  {ELEMENTS[element]}")
        basis = BASIS_NAMES[f["basis"]]
        if f["confidence"] is not None:
            basis += f" {f['confidence']:.2f}"
        place = _place(f["where"])
        place = f" {place}" if place else ""
        severity = SEVERITY_NAMES[f["severity"]]
        out.append(f"    {severity} {f['clause']}{place}：{f['found']}；应为：{f['expected']}（{basis}）")
    if not findings:
        out.append("  未发现不符合之处")
    skipped = data["not_checkable"]
    if skipped:
        names = "；".join(f"{RULES[s['rule']].name}（{s['reason']}）" for s in skipped)
        out.append(f"  未能检查：{names}")
    return out
