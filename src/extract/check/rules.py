"""The rules of GB/T 9704-2012 the check applies: their ids, clauses, elements and Chinese names.

One table, so that the report, conformance.json and the review page name every rule alike, and so
that a rule that could not be checked on an input is still named in the report.
"""

from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    element: str
    clause: str
    name: str  # what the rule asks, in Chinese, for the report


RULES: dict[str, Rule] = {
    "doc_number.brackets": Rule("doc_number", "7.2.5", "年份用六角括号〔〕括入"),
    "doc_number.year": Rule("doc_number", "7.2.5", "年份标全称（四位阿拉伯数字）"),
    "doc_number.sequence": Rule("doc_number", "7.2.5", "发文顺序号不加“第”字、不编虚位，后加“号”字"),
    "doc_number.placement": Rule("doc_number", "7.2.5", "版头之下、红色分隔线之上居中（上行文居左空一字）"),
    "doc_number.year_of_date": Rule("doc_number", "7.2.5", "发文字号的年份与成文日期的年份一致"),
    "date.form": Rule("date", "7.3.5.4", "用阿拉伯数字将年、月、日标全，年份标全称，月、日不编虚位"),
    "date.placement": Rule("date", "7.3.5.1", "成文日期在署名之下、右空四字"),
    "date.order": Rule("date", "7.3.5", "成文日期不早于正文所述已发生事项的日期"),
    "title.genre": Rule("title", "7.3.1", "标题含文种"),
    "title.typeface": Rule("title", "7.3.1", "标题用2号小标宋体字，居中排布"),
    "title.punctuation": Rule("title", "7.3.1", "标题末尾不加标点（括号、书名号、引号除外）"),
    "recipients.flush": Rule("recipients", "7.3.2", "主送机关居左顶格"),
    "recipients.colon": Rule("recipients", "7.3.2", "最后一个主送机关名称后标全角冒号"),
    "levels.order": Rule("levels", "7.3.3", "结构层次序数依次用“一、”“（一）”“1.”“（1）”，不越级"),
    "levels.sequence": Rule("levels", "7.3.3", "同级序数连续，不缺号、不重号"),
    "attachment_note.form": Rule(
        "attachment_note", "7.3.4", "“附件”后标全角冒号；多个附件用1. 2.标注顺序号；名称后不加标点"
    ),
    "attachment_note.match": Rule("attachment_note", "7.3.7", "附件顺序号和附件标题与附件说明的表述一致"),
    "page_number.form": Rule("page_number", "7.5", "页码为“— N —”形式（数字左右各一条一字线）"),
    "page_number.sequence": Rule("page_number", "7.5", "页码连续编排"),
    "page_number.side": Rule("page_number", "7.5", "单页码居右空一字，双页码居左空一字（双面印制）"),
    "body.typeface": Rule("body", "6.2.2", "正文一般用3号仿宋体字"),
    "body.grid": Rule("body", "6.2.3", "一般每面排22行，每行排28个字"),
    "body.margins": Rule("body", "6.2.1", "版心156 mm × 225 mm，天头37 mm ±1，订口28 mm ±1"),
    "colophon.present": Rule("colophon", "7.4", "有版头的公文有版记：印发机关和印发日期（如有抄送机关，在其上）"),
    "colophon.printed_date": Rule("colophon", "7.4.3", "印发日期用阿拉伯数字标全，不早于成文日期"),
    "colophon.rules": Rule("colophon", "7.4.1", "版记各要素之间有分隔线"),
    "seal.over_date": Rule("seal", "7.3.5.1", "印章下压署名和成文日期"),
}

ELEMENTS: dict[str, str] = {
    "doc_number": "发文字号",
    "date": "成文日期",
    "title": "标题",
    "recipients": "主送机关",
    "levels": "结构层次序数",
    "attachment_note": "附件说明",
    "page_number": "页码",
    "body": "正文版式",
    "colophon": "版记",
    "seal": "印章",
}

SEVERITIES = ("error", "warning", "note")
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "note": "提示"}
