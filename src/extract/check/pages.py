"""页码: ``— N —`` (one-em dashes either side), consecutive through the attachments, and where the
document is laid out for two-sided printing, odd numbers on the right and even ones on the left."""

from __future__ import annotations

import re

from ..model import Line
from ..parse.furniture import page_number_of
from .context import Context, printed

EM_DASH_FORM = re.compile(r"^—\s*\d{1,4}\s*—$")
OCR_DASHES = re.compile(r"[—–\-－―─一]+")
DASH_FORM = re.compile(r"^[—–\-－―─一]\s*[0-9０-９]{1,4}\s*[—–\-－―─一]$")


def _ranges(pages: list[int]) -> str:
    out: list[str] = []
    for p in pages:
        if out and out[-1].split("–")[-1] == str(p - 1):
            out[-1] = f"{out[-1].split('–')[0]}–{p}"
        else:
            out.append(str(p))
    return "、".join(out)


def check_page_numbers(ctx: Context) -> None:
    rules = ("page_number.form", "page_number.sequence", "page_number.side")
    if ctx.text_input:
        for rule in rules:
            ctx.not_checkable(rule, "文本输入没有页面")
        return
    numbers: list[tuple[Line, int]] = []
    for page in ctx.pages:
        found = [(line, page_number_of(line.text)) for line in page.furniture if line.furniture == "page_number"]
        numbers.extend((line, n) for line, n in found[:1] if n is not None)
    if not numbers:
        ctx.checked("page_number.form")
        if len(ctx.pages) > 1:
            ctx.find("page_number.form", "note", f"{len(ctx.pages)} 页均未见页码", "版心下边缘之下印“— N —”页码",
                     where=[])
        for rule in rules[1:]:
            ctx.not_applicable(rule, "未见页码")
        return
    _form(ctx, numbers)
    _sequence(ctx, numbers)
    _side(ctx, numbers)


def _as_printed(line: Line) -> str:
    """The page number's text; on a scan, any run of dash-like marks as one 一字线, which OCR cannot
    tell from 一, a hyphen or two dashes run together."""
    text = printed([line])
    return OCR_DASHES.sub("—", text) if line.origin == "ocr" else text


def _severity(ctx: Context, severity: str) -> str:
    """A copy without its 版头 has page numbers set by whoever reprinted it: a note, not a fault of the 公文."""
    return severity if ctx.layout in ("document", "letter", "order", "minutes") else "note"


def _form(ctx: Context, numbers: list[tuple[Line, int]]) -> None:
    rule = "page_number.form"
    ctx.checked(rule)
    wrong: dict[str, list[Line]] = {}
    for line, _ in numbers:
        text = _as_printed(line)
        if not EM_DASH_FORM.match(text):
            shape = re.sub(r"[0-9０-９]+", "N", re.sub(r"\s+", " ", text))
            wrong.setdefault(shape, []).append(line)
    for shape, lines in wrong.items():
        close = DASH_FORM.match(_as_printed(lines[0]))
        pages = _ranges([line.page for line in lines])
        ctx.find(rule, _severity(ctx, "warning" if close else "error"), f"第 {pages} 页页码为“{shape}”",
                 "“— N —”（数字左右各一条一字线）", lines)


def _sequence(ctx: Context, numbers: list[tuple[Line, int]]) -> None:
    rule = "page_number.sequence"
    ctx.checked(rule)
    for (a, m), (b, n) in zip(numbers, numbers[1:], strict=False):
        expected = m + (b.page - a.page)
        if n != expected:
            ctx.find(rule, "error", f"第 {a.page} 页页码 {m}，第 {b.page} 页页码 {n}", f"第 {b.page} 页页码 {expected}",
                     [a, b])


def _side(ctx: Context, numbers: list[tuple[Line, int]]) -> None:
    rule = "page_number.side"
    s = ctx.frame.size
    sides: list[tuple[Line, int, str]] = []
    for line, n in numbers:
        page = next(p for p in ctx.pages if p.number == line.page)
        offset = ((line.box.x0 + line.box.x1) / 2 - page.width / 2) / s
        sides.append((line, n, "right" if offset > 2 else "left" if offset < -2 else "centre"))
    kinds = {side for _, _, side in sides}
    if not {"left", "right"} <= kinds:
        ctx.not_applicable(rule, "页码不分左右（按单面印制排版）")
        return
    ctx.checked(rule)
    wrong = [(line, n, side) for line, n, side in sides if side != ("right" if n % 2 else "left")]
    if wrong:
        pages = _ranges([line.page for line, _, _ in wrong])
        ctx.find(rule, _severity(ctx, "warning"), f"第 {pages} 页页码位置不对（单页码在左或双页码在右）",
                 "单页码居右空一字，双页码居左空一字", [line for line, _, _ in wrong[:2]], measured=True)
