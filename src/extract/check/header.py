"""发文字号: its form (〔年份〕, full year, no 第, no leading zero, 号 at the end) and its place in the 版头."""

from __future__ import annotations

import re

from ..model import Line
from ..structure.notice import is_red
from ..structure.numerals import ascii_digits
from ..structure.paragraphs import compact
from .context import Context, printed

# Any bracket, any year length, an optional 第, an optional 号: the forms people get wrong, read loosely.
LOOSE_NUMBER = re.compile(
    r"(?P<code>[\u3400-\u9fff]{1,16})(?P<open>[〔\[［(（【{｛])(?P<year>[0-9０-９]{2,4})(?P<close>[〕\]］)）】}｝])"
    r"(?P<di>第?)(?P<seq>[0-9０-９]{1,5})(?P<hao>号?)"
)
RULES = ("doc_number.brackets", "doc_number.year", "doc_number.sequence")


def number_lines(ctx: Context) -> list[Line]:
    """The line printing the 发文字号: the notice's, or a line of the 版头 in a looser form the
    structure stage did not take for one (第1号, 22 for the year)."""
    lines = ctx.element_lines("doc_number")
    if lines:
        return lines
    title = ctx.doc.notice.where.get("title")
    if not title or not ctx.pages or title[0].box is None:
        return []
    first = ctx.pages[0]
    return [
        line for line in first.lines
        if line.box.bottom <= title[0].box.top + 1 and LOOSE_NUMBER.search(compact(line.text))
    ][:1]


def check_doc_number(ctx: Context) -> None:
    lines = number_lines(ctx)
    m = LOOSE_NUMBER.search(compact(printed(lines))) if lines else None
    if m is None:
        reason = (
            "令、公告的编号（第X号）按其格式，不是发文字号" if ctx.doc.notice.doc_number else "未印发文字号"
        )
        for rule in (*RULES, "doc_number.placement", "doc_number.year_of_date"):
            ctx.not_applicable(rule, reason)
        return
    found = m.group(0)
    year = ascii_digits(m.group("year"))
    seq = ascii_digits(m.group("seq"))
    right = f"{m.group('code')}〔{year if len(year) == 4 else '20' + year}〕{int(seq)}号"
    if (m.group("open"), m.group("close")) != ("〔", "〕"):
        brackets = m.group("open") + m.group("close")
        ctx.find("doc_number.brackets", "error", f"{found}（年份用“{brackets}”括入）", right, lines)
    if len(year) != 4:
        ctx.find("doc_number.year", "error", f"{found}（年份“{year}”不全）", right, lines)
    faults = [
        fault for fault, wrong in (("加了“第”字", m.group("di")), (f"“{seq}”编了虚位", seq != str(int(seq))),
                                   ("缺“号”字", not m.group("hao")))
        if wrong
    ]
    if faults:
        ctx.find("doc_number.sequence", "error", f"{found}（发文顺序号{'、'.join(faults)}）", right, lines)
    for rule in RULES:
        ctx.checked(rule)
    _year_of_date(ctx, year, lines)
    _placement(ctx, lines, found)


def _year_of_date(ctx: Context, year: str, lines: list[Line]) -> None:
    date = ctx.doc.notice.date
    if date is None or len(year) != 4:
        ctx.not_applicable("doc_number.year_of_date", "无成文日期" if date is None else "年份不全")
        return
    ctx.checked("doc_number.year_of_date")
    if date[:4] != year:
        found = f"发文字号年份 {year}，成文日期 {date}"
        ctx.find("doc_number.year_of_date", "warning", found, f"年份 {date[:4]}", lines)


def _placement(ctx: Context, lines: list[Line], found: str) -> None:
    rule = "doc_number.placement"
    if ctx.layout != "document":
        ctx.not_applicable(rule, "无版头，或信函格式（发文字号另有位置）")
        return
    if not ctx.laid_out(rule, "文本输入没有版面位置"):
        return
    line = lines[0]
    issuer = ctx.doc.notice.where.get("issuer", [])
    if issuer and issuer[0].box is not None and issuer[0].page == line.page and line.box.top < issuer[0].box.bottom:
        ctx.find(rule, "warning", f"{found} 在发文机关标志之上或与之并排", "发文机关标志之下", [line], measured=True)
    page = next(p for p in ctx.pages if p.number == line.page)
    red_rules = [r for r in page.rulings if r.horizontal and is_red(r.color) and r.box.width > 100]
    below = [r for r in red_rules if r.box.top >= line.box.bottom - 1]
    if red_rules and not below:
        ctx.find(rule, "warning", f"{found} 在红色分隔线之下", "红色分隔线之上", [line], measured=True)
    s = ctx.frame.size
    left = ctx.frame.left_of(line.page)
    if "签发人" in compact(line.text):
        if abs(line.box.x0 - left - s) > 1.0 * s and abs(line.box.x0 - left) > 0.5 * s:
            ctx.find(rule, "warning", f"上行文发文字号左起 {(line.box.x0 - left) / s:.1f} 字", "居左空一字", [line],
                     measured=True)
    else:
        piece = line
        text = line.text
        at = compact(text).find(compact(found))
        if line.char_boxes and len(line.char_boxes) == len(text) and at >= 0:
            start = _index_of_compact(text, at)
            end = _index_of_compact(text, at + len(compact(found)) - 1) + 1
            piece = line.slice(start, end)
        offset = ((piece.box.x0 + piece.box.x1) / 2 - ctx.frame.centre_of(line.page)) / s
        if abs(offset) > 1.0:
            ctx.find(rule, "warning", f"发文字号中心偏离版心中线 {offset:+.1f} 字", "居中排布", [piece], measured=True)


def _index_of_compact(text: str, k: int) -> int:
    """Index in ``text`` of the k-th character that is not a blank."""
    seen = -1
    for i, ch in enumerate(text):
        if not ch.isspace():
            seen += 1
            if seen == k:
                return i
    return len(text) - 1

