"""成文日期: Arabic numerals in full without leading zeros, under the 署名 on the right, not before the
events the text says took place; the 印发日期 of the 版记 likewise, and not before the 成文日期."""

from __future__ import annotations

import re

from ..model import Line
from ..structure.numerals import ascii_digits, parse_date
from ..structure.paragraphs import compact
from .context import Context, printed

ARABIC_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
CHINESE_NUMERAL = re.compile(r"[〇○零一二三四五六七八九十]")
# A date the text says something happened on (于2023年3月28日通过): the 成文日期 cannot precede it.
# Not a date something is to happen on (定于…召开, 请于…前报送, …起施行).
PAST_EVENT = re.compile(
    r"(?<!将于)(?<!拟于)(?<!定于)(?<!请于)(?<!计划)(?<!预计)"
    r"(\d{4})年(\d{1,2})月(\d{1,2})日(?!前|后|以前|以后|起|之前|之后)"
    r"(?:[^，。；：、\n]{0,24}?)(通过|印发|发布|批准|公布|签署|召开|审议|作出|修订|修正)"
)


def date_form(text: str) -> str | None:
    """What is wrong with a printed date (None: nothing), for the 成文日期 and the 印发日期 alike."""
    text = compact(text)
    if CHINESE_NUMERAL.search(text):
        return "用汉字数字"
    m = ARABIC_DATE.match(ascii_digits(text))
    if m is None:
        return None
    if any(len(g) == 2 and g.startswith("0") for g in m.groups()[1:]):
        return "月、日编了虚位（前导零）"
    return None


def arabic(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{year}年{int(month)}月{int(day)}日"


def check_date(ctx: Context) -> None:
    notice = ctx.doc.notice
    lines = ctx.element_lines("date")
    if notice.date is None or not lines:
        for rule in ("date.form", "date.placement", "date.order"):
            ctx.not_applicable(rule, "未印成文日期")
        return
    text = printed(lines)
    ctx.checked("date.form")
    problem = date_form(text)
    if problem:
        ctx.find("date.form", "error", f"{text}（{problem}）", arabic(notice.date), lines)
    _placement(ctx, lines[0])
    _order(ctx, lines)


def _placement(ctx: Context, line: Line) -> None:
    rule = "date.placement"
    if not ctx.laid_out(rule, "文本输入没有版面位置"):
        return
    signature = ctx.element_lines("signature")
    if signature and any(s.page == line.page and s.box.top > line.box.top for s in signature):
        ctx.find(rule, "error", "成文日期在署名之上", "成文日期在署名之下", [line, *signature], measured=True)
    if ctx.frame.per_line:
        return
    if not ctx.frame.is_right_side(line):
        ctx.find(rule, "warning", "成文日期不在右侧", "右空四字编排（不加盖印章时右空二字）", [line], measured=True)
        return
    space = ctx.frame.shortfall(line)
    if not 1.5 <= space <= 4.5:
        ctx.find(rule, "note", f"成文日期右空 {space:.1f} 字", "右空四字编排（不加盖印章时右空二字）", [line],
                 measured=True)


def _order(ctx: Context, lines: list[Line]) -> None:
    rule = "date.order"
    notice = ctx.doc.notice
    ctx.checked(rule)
    for m in PAST_EVENT.finditer("\n".join(notice.body)):
        year, month, day = (int(g) for g in m.groups()[:3])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        event = f"{year:04d}-{month:02d}-{day:02d}"
        if event > notice.date:  # type: ignore[operator]
            ctx.find(rule, "error", f"成文日期 {arabic(notice.date)}，正文：{m.group(0)}",  # type: ignore[arg-type]
                     f"成文日期不早于 {arabic(event)}", lines)


def check_printed_date(ctx: Context) -> None:
    rule = "colophon.printed_date"
    notice = ctx.doc.notice
    lines = ctx.element_lines("printed")
    if notice.printed_on is None or not lines:
        ctx.not_applicable(rule, "版记未印印发日期")
        return
    ctx.checked(rule)
    text = compact(printed(lines))
    m = re.search(r"[0-9０-９]{4}年[0-9０-９]{1,2}月[0-9０-９]{1,2}日", text)
    problem = date_form(m.group(0)) if m else None
    if problem:
        ctx.find(rule, "error", f"{m.group(0)}印发（{problem}）", f"{arabic(notice.printed_on)}印发", lines)  # type: ignore[union-attr]
    if notice.date and parse_date(arabic(notice.printed_on)) and notice.printed_on < notice.date:
        ctx.find(rule, "error", f"印发日期 {arabic(notice.printed_on)} 早于成文日期 {arabic(notice.date)}",
                 "印发日期不早于成文日期", lines)
