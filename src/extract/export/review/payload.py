"""What the review page shows, as one JSON object its script draws from.

Every value is read from ``document.json`` as exported (so the page shows exactly what the dataset
holds, with the same ``where``), and what the dataset does not hold is read from the document model
and the quality report: page furniture, unassigned text, normalization changes, OCR lines with their
confidence, seals, and the boxes of the fields an anomaly was found in.

The object has ``values`` (one entry per thing shown with a box: ``id``, ``kind``, ``label``, ``text``,
``where`` as ``[{"page", "box", "confidence"?}]``) and ``sections``, the right-hand side in order,
which name values by ``id``: ``fields`` (label and value), ``outline`` (parts with their trees of
headings), ``table`` (a grid of cells), ``list`` (values one under the other) and ``notes`` (text
without a place: warnings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..key_task_table import KEY_TASK_COLUMNS

# Kinds of values, in the order of the filter, with their Chinese names.
KINDS: dict[str, str] = {
    "field": "字段",
    "outline": "大纲",
    "table": "表格",
    "finding": "格式检查",
    "anomaly": "异常",
    "unassigned": "未识别内容",
    "change": "规范化修改",
    "ocr": "OCR 识别行",
    "seal": "印章",
    "furniture": "页面附属",
}

# The notice's elements in the order GB/T 9704 prints them: (its ``where`` key, or the prefix of numbered
# ones such as ``body/0``; its Chinese name; its key in document.json's notice).
NOTICE_FIELDS: list[tuple[str, str, str]] = [
    ("issuer", "发文机关", "issuer"),
    ("doc_number", "发文字号", "doc_number"),
    ("title", "标题", "title"),
    ("title", "文种", "genre"),
    ("recipients", "主送机关", "recipients"),
    ("body/", "正文", "body"),
    ("attachments/", "附件说明", "attachments"),
    ("signature", "署名", "signature"),
    ("date", "成文日期", "date"),
    ("markers/", "附注", "markers"),
    ("cc", "抄送机关", "cc"),
    ("printed", "印发机关", "printed_by"),
    ("printed", "印发日期", "printed_on"),
]

KEY_TASK_HEADS = {
    "no": "序号", "task": "任务", "q1": "第一季度", "q2": "第二季度", "q3": "第三季度", "q4": "第四季度",
    "lead": "牵头领导", "departments": "责任部门", "remark": "备注",
}  # fmt: skip

FURNITURE = {
    "page_number": "页码",
    "header": "页眉",
    "footer": "页脚",
    "watermark": "水印",
    "web_chrome": "网页打印信息",
    "no_text_marker": "此页无正文",
}

RULES = {
    "t2s": "繁转简",
    "punct_width": "标点全角",
    "space_removed": "删除空格",
    "space_collapsed": "合并空格",
    "pdf_space_removed": "删除排版空格",
    "line_join": "接续断行",
    "glyph_map": "字形映射修正",
    "glyph_shape": "按字形识读",
    "doc_number_bracket": "发文字号括号",
}

ANOMALIES = {
    "latin_word": "拉丁字母词",
    "unbalanced_quote": "引号不成对",
    "unbalanced_bracket": "括号不成对",
    "traditional_left": "残留繁体字",
    "control_char": "控制字符",
    "private_use": "私用区字符",
    "compat_char": "兼容字符",
    "broken_glyph": "无法识别的字形",
}


def _where(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``where`` entries of document.json as the page reads them: page, box and OCR confidence."""
    out = []
    for item in items:
        entry: dict[str, Any] = {"page": item["page"], "box": item.get("box")}
        if item.get("line") is not None:
            entry["line"] = item["line"]
        if item.get("confidence") is not None:
            entry["confidence"] = item["confidence"]
        out.append(entry)
    return out


@dataclass
class Payload:
    """The values and sections being gathered; ``add`` gives each value its id in reading order."""

    values: list[dict[str, Any]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)

    def add(self, kind: str, label: str, text: str | None, where: list[dict[str, Any]], **extra: Any) -> int:
        value = {"id": len(self.values), "kind": kind, "label": label, "text": text or "", "where": where}
        value.update({k: v for k, v in extra.items() if v not in (None, "", [])})
        self.values.append(value)
        return value["id"]

    def section(self, kind: str | None, title: str, type_: str, **content: Any) -> None:
        self.sections.append({"kind": kind, "title": title, "type": type_, **content})


def _indexed(where: dict[str, list[dict[str, Any]]], prefix: str) -> list[tuple[int, list[dict[str, Any]]]]:
    """``body/0``, ``body/1`` … in their numeric order."""
    found = [(int(key[len(prefix):]), items) for key, items in where.items() if key.startswith(prefix)]
    return sorted(found, key=lambda pair: pair[0])


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "，".join(str(v) for v in value)
    return "" if value is None else str(value)


def notice_section(out: Payload, notice: dict[str, Any]) -> None:
    where = notice.get("where", {})
    ids = []
    for key, label, name in NOTICE_FIELDS:
        if key.endswith("/"):
            texts = notice.get(name) or []
            for index, items in _indexed(where, key):
                text = texts[index] if index < len(texts) else ""
                suffix = f"（{index + 1}）" if len(texts) > 1 else ""
                ids.append(out.add("field", f"{label}{suffix}", text, _where(items)))
        elif key in where and notice.get(name):
            ids.append(out.add("field", label, _text(notice[name]), _where(where[key])))
    # A place recorded for an element this page does not name yet is still shown, under its key.
    named = {key for key, _, _ in NOTICE_FIELDS}
    for key in sorted(where):
        if key not in named and key.split("/")[0] + "/" not in named:
            ids.append(out.add("field", key, _text(notice.get(key.split("/")[0])), _where(where[key])))
    if ids:
        out.section("field", "通知字段", "fields", items=ids)


def _node(out: Payload, part: str, node: dict[str, Any]) -> dict[str, Any]:
    value = out.add(
        "outline", f"{part} · {node['label']}", node["title"], _where(node["where"]), body=node["body"],
        heading=node["label"],
    )
    return {"value": value, "children": [_node(out, part, child) for child in node["children"]]}


PART_NAMES = {"body": "正文"}
PART_KEYS = {"label": "附件标识", "title": "标题", "preamble": "导语"}


def part_name(part: str) -> str:
    """``body`` → 正文, ``attachment 2`` → 附件 2."""
    if part.startswith("attachment "):
        return f"附件 {part.split(' ', 1)[1]}"
    return PART_NAMES.get(part, part)


def outline_section(out: Payload, outline: list[dict[str, Any]]) -> None:
    parts = []
    for part in outline:
        name = part_name(part["part"])
        heads = [
            out.add("outline", f"{name} · {PART_KEYS[key]}", part[key], _where(part["where"][key]))
            for key in ("label", "title", "preamble")
            if part.get(key) and key in part["where"]
        ]
        parts.append({"name": name, "values": heads, "nodes": [_node(out, name, n) for n in part["nodes"]]})
    if parts:
        out.section("outline", "大纲", "outline", parts=parts)


def key_task_section(out: Payload, key_tasks: dict[str, Any]) -> None:
    if not key_tasks.get("rows"):
        return
    printed = key_tasks.get("columns") or {}
    heads = [printed.get(key) or KEY_TASK_HEADS[key] for key in KEY_TASK_COLUMNS]
    where = key_tasks.get("where", {})
    named = (("title", "重点任务表标题", key_tasks.get("title")), ("header", "重点任务表表头", "表头"))
    caption = [out.add("table", label, text, _where(where[key])) for key, label, text in named if key in where]
    rows = []
    for row in key_tasks["rows"]:
        cells = []
        for key, head in zip(KEY_TASK_COLUMNS, heads, strict=True):
            text = "、".join(row[key]) if key == "departments" else _text(row[key])
            items = row["where"].get(key)
            if items or text:
                cells.append({"value": out.add("table", f"第 {row['no']} 项 · {head}", text, _where(items or []))})
            else:
                cells.append({})
        rows.append(cells)
    out.section("table", "重点任务表", "table", caption=caption, head=[[{"text": h} for h in heads]], rows=rows)


def _grid(out: Payload, cells: list[dict[str, Any]], rows: int, columns: int, name: str, columns_named: list[str],
          header: bool) -> list[list[dict[str, Any]]]:
    """Cells laid out as rows of slots: a cell in its first slot with its spans, covered slots left out."""
    covered: set[tuple[int, int]] = set()
    at: dict[tuple[int, int], dict[str, Any]] = {}
    for cell in cells:
        at[(cell["row"], cell["col"])] = cell
        for r in range(cell["row"], cell["row"] + cell.get("row_span", 1)):
            for c in range(cell["col"], cell["col"] + cell.get("col_span", 1)):
                if (r, c) != (cell["row"], cell["col"]):
                    covered.add((r, c))
    grid = []
    for r in range(rows):
        slots = []
        for c in range(columns):
            if (r, c) in covered:
                continue
            cell = at.get((r, c))
            if cell is None:
                slots.append({})
                continue
            head = columns_named[c] if c < len(columns_named) else f"col{c + 1}"
            label = f"{name} · 表头" if header else f"{name} · 第 {r + 1} 行 · {head}"
            slot = {"value": out.add("table", label, cell["text"], _where(cell["where"]))}
            if cell.get("row_span", 1) > 1:
                slot["rowspan"] = cell["row_span"]
            if cell.get("col_span", 1) > 1:
                slot["colspan"] = cell["col_span"]
            slots.append(slot)
        grid.append(slots)
    return grid


def table_sections(out: Payload, tables: list[dict[str, Any]]) -> None:
    for table in tables:
        name = f"表格 {table['no']}"
        columns = len(table["columns"])
        where = table.get("where", {})
        caption = [out.add("table", f"{name} · 标号", table["label"], _where(where["label"]))] if (
            table.get("label") and "label" in where
        ) else []
        if table.get("title") and "title" in where:
            caption.append(out.add("table", f"{name} · 标题", table["title"], _where(where["title"])))
        head = _grid(out, table["header"], table["header_rows"], columns, name, table["columns"], True)
        rows = _grid(out, table["cells"], table["row_count"], columns, name, table["columns"], False)
        notes = [out.add("table", f"{name} · 注", "\n".join(table["notes"]), _where(where["notes"]))] if (
            table.get("notes") and "notes" in where
        ) else []
        pages = "、".join(str(p) for p in table["pages"])
        out.section("table", f"{name}（第 {pages} 页）", "table", caption=caption, head=head, rows=rows, notes=notes,
                    file=table["file"])
