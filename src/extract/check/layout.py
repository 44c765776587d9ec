"""Which format of GB/T 9704 a document is printed in, which decides the rules that apply to it.

The 文件格式 (a 版头 with the issuer mark and a 发文字号), the special formats of chapter 9 (信函, 命令
(令), 纪要), a 公告 on plain paper, a 公文 republished without its 版头 (the text as a web page or a
gazette prints it), a law or report printed on its own (a title and nothing around it), or no notice.
"""

from __future__ import annotations

from ..model import Document

LAYOUT_NAMES = {
    "document": "文件格式",
    "letter": "信函格式",
    "order": "命令（令）格式",
    "minutes": "纪要格式",
    "announcement": "公告（无版头）",
    "republished": "无版头的转载件",
    "standalone": "单独印发的法规、报告等（无公文要素）",
    "none": "未识别出公文要素",
}


def layout_of(doc: Document) -> str:
    notice = doc.notice
    header = "issuer" in notice.where
    if not (notice.title or notice.date or notice.doc_number or header):
        return "none"
    # 令 and 纪要 are named by their mark (某某市人民政府令, 某某会议纪要), which has no title under it
    mark = (notice.issuer or "") if header else ""
    if notice.genre in ("令", "命令") or mark.endswith("令"):
        return "order"
    if notice.genre == "纪要" or mark.endswith("纪要"):
        return "minutes"
    if header and notice.genre == "函":
        return "letter"
    if header:
        return "document"
    if notice.genre in ("公告", "通告"):
        return "announcement"
    if notice.date is None and not notice.recipients and not notice.signatures:
        return "standalone"
    return "republished"


def is_official(layout: str) -> bool:
    """A 公文 with its own elements (title, 主送, 成文日期 …), whatever its format."""
    return layout not in ("standalone", "none")
