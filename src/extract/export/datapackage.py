"""Frictionless data package descriptor for the CSV outputs of one document."""

from __future__ import annotations

import re
from typing import Any

from ..model import Document

STRING = "string"
INTEGER = "integer"
NUMBER = "number"
_INTEGER = re.compile(r"-?(0|[1-9]\d*)")
_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?")


def _field(name: str, type_: str, title: str, description: str, **extra: Any) -> dict[str, Any]:
    out = {"name": name, "type": type_, "title": title, "description": description}
    out.update(extra)
    return out


def _no_type(doc: Document) -> str:
    return INTEGER if all(isinstance(r.no, int) for r in doc.key_tasks.rows) else STRING


def _resource(
    name: str, title: str, fields: list[dict[str, Any]], path: str | None = None, **schema: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "path": path or f"{name}.csv",
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
        "schema": {"fields": fields, "missingValues": [""], **schema},
    }


def package_name(doc: Document) -> str:
    stem = re.sub(r"[^a-z0-9._-]+", "-", doc.source.file.rsplit(".", 1)[0].lower()).strip("-")
    return stem or f"document-{doc.source.sha256[:12]}"


def descriptor(doc: Document, extra_resources: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    no_type = _no_type(doc)
    resources = [
        _resource(
            "work_points",
            "工作要点",
            [
                _field("section_no", INTEGER, "部分序号", "Section number from its Chinese numeral (一、 → 1)"),
                _field("section_title", STRING, "部分标题", "Section heading without its numeral"),
                _field("point_no", INTEGER, "要点序号", "Number of the work point"),
                _field("title", STRING, "要点标题", "First sentence of the point, without number and closing 。"),
                _field("body", STRING, "要点正文", "The rest of the point after its first sentence"),
                _field("pages", STRING, "页码", "Pages the point spans, separated by ;"),
            ],
            primaryKey=["section_no", "point_no"],
        ),
        _resource(
            "outline",
            "大纲",
            [
                _field("part", STRING, "部分", "body (the notice's own text) or attachment N, in reading order"),
                _field("path", STRING, "路径", "Position in the part's tree by order: 2.3.1 is the first child of the "
                       "third child of the second heading"),
                _field("level", INTEGER, "层级", "1 for the part's top numbering style, deeper styles below"),
                _field("label", STRING, "编号", "The number as printed: 一、 （一） 1. 1.1 第一章 第一条 …"),
                _field("no", INTEGER, "序号", "The number's value; for 1.1.2 the last number"),
                _field("title", STRING, "标题", "Heading text; first sentence of a run-in heading; empty for 第X条"),
                _field("body", STRING, "正文", "Text under the heading before its first sub-heading"),
                _field("pages", STRING, "页码", "Pages the heading and its sub-headings span, separated by ;"),
            ],
            primaryKey=["part", "path"],
        ),
        _resource(
            "key_tasks",
            "重点工作任务",
            [
                _field("no", no_type, "序号", "Task number as printed in the 序号 column"),
                _field("task", STRING, "工作目标任务", "The task or target"),
                _field("q1", STRING, "第一季度", "Milestone for the first quarter"),
                _field("q2", STRING, "第二季度", "Milestone for the second quarter"),
                _field("q3", STRING, "第三季度", "Milestone for the third quarter"),
                _field("q4", STRING, "第四季度", "Milestone for the fourth quarter"),
                _field("lead", STRING, "牵头领导", "Lead official"),
                _field("departments", STRING, "责任科室", "Responsible offices, joined by 、"),
                _field("remark", STRING, "备注", "Remark; empty when none"),
            ],
            primaryKey=["no"],
        ),
        _resource(
            "key_tasks_long",
            "重点工作任务（按季度）",
            [
                _field("no", no_type, "序号", "Task number; refers to key_tasks.no"),
                _field("quarter", INTEGER, "季度", "Quarter 1–4", constraints={"minimum": 1, "maximum": 4}),
                _field("period", STRING, "期间", "Year and quarter such as 2022Q1, from the document's date"),
                _field("milestone", STRING, "进度要求", "Milestone for that quarter"),
            ],
            primaryKey=["no", "quarter"],
            foreignKeys=[{"fields": ["no"], "reference": {"resource": "key_tasks", "fields": ["no"]}}],
        ),
        _resource(
            "normalization",
            "规范化记录",
            [
                _field("field", STRING, "字段", "Output field the change lands in"),
                _field("page", INTEGER, "页码", "Page of the changed character"),
                _field("box", STRING, "位置", "x0 top x1 bottom of the changed character, in PDF points"),
                _field("rule", STRING, "规则", "t2s, punct_width, space_removed, pdf_space_removed, …"),
                _field("before", STRING, "原文", "Text before the change"),
                _field("after", STRING, "改后", "Text after the change"),
                _field("origin", STRING, "来源", "published (the author's text) or pdf_layout (added by the PDF)"),
                _field("detail", STRING, "说明", "glyph_shape: the code point, font and recognition confidence"),
            ],
        ),
    ]
    resources.extend(extra_resources or [])
    return {
        "profile": "tabular-data-package",
        "name": package_name(doc),
        "title": doc.notice.title or doc.source.title or doc.source.file,
        "description": "Structured data extracted from an official document (公文) by gongwen-extract.",
        "sources": [{"title": doc.source.file, "path": doc.source.file}],
        "resources": resources,
    }


def enrichment_resources(doc: Document) -> list[dict[str, Any]]:
    """Data-package resources of the enrichment CSVs (links, targets, series, keywords)."""
    no = _no_type(doc)
    number = "number"
    quarter = {"constraints": {"minimum": 1, "maximum": 4}}
    task_ref = [{"fields": ["task_no"], "reference": {"resource": "key_tasks", "fields": ["no"]}}]
    return [
        _resource(
            "links",
            "任务与要点关联",
            [
                _field("task_no", no, "任务序号", "Key task; refers to key_tasks.no"),
                _field("task", STRING, "工作目标任务", "The task's text"),
                _field("rank", INTEGER, "排名", "1 = the point the task most likely implements"),
                _field("section_no", INTEGER, "部分序号", "Section of the work point"),
                _field("point_no", INTEGER, "要点序号", "The work point; with section_no refers to work_points"),
                _field("point_title", STRING, "要点标题", "The work point's title"),
                _field("score", number, "得分", "BM25 score of the point for the task (jieba terms)"),
                _field("shared_terms", STRING, "共同词语", "Terms behind the score, heaviest first, joined by ;"),
            ],
            primaryKey=["task_no", "rank"],
            foreignKeys=task_ref,
        ),
        _resource(
            "targets",
            "量化指标",
            [
                _field("source", STRING, "来源", "point (a work point) or task (a key-task cell)"),
                _field("task_no", no, "任务序号", "Key task, for source=task"),
                _field("section_no", INTEGER, "部分序号", "Section, for source=point"),
                _field("point_no", INTEGER, "要点序号", "Work point, for source=point"),
                _field("field", STRING, "字段", "title, body, task or q1–q4"),
                _field("quarter", INTEGER, "季度", "Quarter 1–4 for a quarter cell", **quarter),
                _field("subject", STRING, "指标对象", "What is counted or measured"),
                _field("value", number, "数值", "The number (lower end of a range)"),
                _field("value_max", number, "上限", "Upper end of a range such as 2-3项"),
                _field("unit", STRING, "单位", "% or the measure word (所, 个, 项, 课时, …)"),
                _field("bound", STRING, "界限", "exact, at_least (不少于/以上), at_most (不超过/以下), range, approx"),
                _field("text", STRING, "原文", "The quantity as written"),
                _field("start", INTEGER, "起", "Offset of the quantity in the field's text"),
                _field("end", INTEGER, "止", "End offset of the quantity in the field's text"),
                _field("context", STRING, "上下文", "The clause around the quantity"),
                _field("pages", STRING, "页码", "Pages, separated by ;"),
                _field("series", STRING, "序列", "Id of the quarter series the target belongs to (series.csv)"),
            ],
        ),
        _resource(
            "series",
            "季度指标序列",
            [
                _field("series", STRING, "序列", "Series id: task_no:subject:unit"),
                _field("task_no", no, "任务序号", "Key task; refers to key_tasks.no"),
                _field("subject", STRING, "指标对象", "What the series measures"),
                _field("unit", STRING, "单位", "Unit of every value"),
                _field("quarter", INTEGER, "季度", "Quarter 1–4", **quarter),
                _field("value", number, "数值", "Value for that quarter"),
                _field("bound", STRING, "界限", "exact, at_least, at_most, range or approx"),
                _field("trend", STRING, "趋势", "increasing, decreasing, constant or mixed"),
                _field("annual", number, "全年目标", "The same quantity in the task's own text, when stated"),
            ],
            primaryKey=["series", "quarter"],
            foreignKeys=task_ref,
        ),
        _resource(
            "keywords",
            "关键词",
            [
                _field("source", STRING, "来源", "point or task"),
                _field("task_no", no, "任务序号", "Key task, for source=task"),
                _field("section_no", INTEGER, "部分序号", "Section, for source=point"),
                _field("point_no", INTEGER, "要点序号", "Work point, for source=point"),
                _field("rank", INTEGER, "排名", "1 = heaviest term"),
                _field("term", STRING, "词语", "The term (jieba segmentation)"),
                _field("weight", number, "权重", "TF-IDF weight (jieba.analyse's IDF table)"),
            ],
        ),
    ]


def _column_type(values: list[str]) -> str:
    """integer or number when every printed value is one (codes with leading zeros stay strings), else string."""
    present = [v for v in values if v]
    if present and all(_INTEGER.fullmatch(v) for v in present):
        return INTEGER
    if present and all(_NUMBER.fullmatch(v) for v in present):
        return NUMBER
    return STRING


def table_resources(doc: Document) -> list[dict[str, Any]]:
    """One resource per table of the document (``tables/NN.csv``), its columns typed by what they hold.

    A table whose body holds no text (printed empty: 本表无数据) is no resource: it has no data, and
    Frictionless counts each of its blank rows as an error. Its CSV and document.json entry stay.
    """
    from .tables import table_path, table_rows

    out = []
    for table in doc.tables:
        rows = table_rows(table)
        if not any(any(value.strip() for value in row) for row in rows):
            continue
        fields = [
            _field(
                name,
                _column_type([row[i] for row in rows]),
                name,
                f"Column {i + 1}: the header cells over it, top to bottom, joined by /"
                if table.header_rows
                else f"Column {i + 1} (the table has no header)",
            )
            for i, name in enumerate(table.columns)
        ]
        pages = f"pages {table.pages[0]}–{table.pages[-1]}" if len(table.pages) > 1 else f"page {table.pages[0]}"
        resource = _resource(f"table-{table.no:02d}", table.title or f"表{table.no}", fields, path=table_path(table))
        resource["description"] = (
            f"Table {table.no} of the document ({pages}): one row per body row, a merged cell's text in "
            "every row and column it covers; cells with page and box in document.json tables"
        )
        out.append(resource)
    return out
