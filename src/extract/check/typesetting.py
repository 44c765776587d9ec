"""正文版式, measured on the pages: the share of body lines in 3号 仿宋, lines per page and characters
per line against 22 × 28, the page, the 版心 (156 × 225 mm) and its margins (天头 37 mm, 订口 28 mm).

Reported as notes with the figures: the standard says "一般" for all of these, and a document laid out
otherwise is not wrong, only unusual.
"""

from __future__ import annotations

import statistics

from ..model import Line, Page
from ..structure.paragraphs import typeface
from .context import MM, Context

BODY_SIZE = 16.0  # 3号
LINES, CHARS = 22, 28
TEXT_BLOCK = (156.0, 225.0)
TOP, BINDING = 37.0, 28.0
A4 = (210.0, 297.0)


def _body_lines(ctx: Context) -> list[Line]:
    size = ctx.frame.size
    return [
        line for page in ctx.pages if page.orientation == "portrait" and not page.ocr
        for line in page.lines if abs(line.size - size) < 1.0 and line.text.strip()
    ]


def check_body(ctx: Context) -> None:
    rules = ("body.typeface", "body.grid", "body.margins")
    if ctx.text_input:
        for rule in rules:
            ctx.not_checkable(rule, "文本输入没有字体、字号和页面")
        return
    lines = _body_lines(ctx)
    if ctx.scanned:
        ctx.not_checkable("body.typeface", "扫描件没有字体信息，字号只能估计")
    if not lines:
        if not ctx.scanned:
            ctx.not_applicable("body.typeface", "没有正文行")
    else:
        _typeface(ctx, lines)
    portrait = [p for p in ctx.pages if p.orientation == "portrait" and p.lines]
    if not portrait:
        for rule in rules[1:]:
            ctx.not_applicable(rule, "没有竖排的正文页")
        return
    _grid(ctx, portrait)
    _margins(ctx, portrait)


def _typeface(ctx: Context, lines: list[Line]) -> None:
    rule = "body.typeface"
    ctx.checked(rule)
    chars = sum(len(line.text.strip()) for line in lines)
    good = sum(
        len(line.text.strip()) for line in lines
        if abs(line.size - BODY_SIZE) <= 0.5 and typeface(line.font) == "fangsong"
    )
    share = good / chars if chars else 1.0
    if share < 0.9:
        sizes = statistics.median(line.size for line in lines)
        fonts: dict[str, int] = {}
        for line in lines:
            fonts[line.font] = fonts.get(line.font, 0) + len(line.text.strip())
        main = max(fonts, key=lambda f: (fonts[f], f))
        ctx.find(rule, "note", f"正文 {len(lines)} 行中3号仿宋占 {share:.0%}（字号中位 {sizes:.1f} pt，"
                 f"主要字体 {main} 占 {fonts[main] / chars:.0%}）", "3号（16 pt）仿宋体", measured=True)


def _full_pages(ctx: Context, pages: list[Page]) -> list[Page]:
    """Pages the text fills to the foot: every page but the last of a run of text."""
    return [p for p in pages if p.number != pages[-1].number and not p.tables] or pages


def _grid(ctx: Context, pages: list[Page]) -> None:
    rule = "body.grid"
    ctx.checked(rule)
    size = ctx.frame.size
    full = _full_pages(ctx, pages)
    per_page = [sum(1 for line in p.lines if abs(line.size - size) < 1.0) for p in full]
    widths = [
        len(line.text.replace(" ", ""))
        for p in full for line in p.lines
        if abs(line.size - size) < 1.0 and ctx.frame.kind(line) == "flush" and ctx.frame.shortfall(line) < 0.5
    ]
    if not per_page or not widths:
        return
    lines_pp, chars_pl = round(statistics.median(per_page)), round(statistics.median(widths))
    if abs(lines_pp - LINES) > 1 or abs(chars_pl - CHARS) > 1:
        ctx.find(rule, "note", f"每面约 {lines_pp} 行，每行约 {chars_pl} 字（{len(full)} 个满页的中位数）",
                 f"每面{LINES}行，每行{CHARS}字", measured=True)


def _margins(ctx: Context, pages: list[Page]) -> None:
    rule = "body.margins"
    ctx.checked(rule)
    size = ctx.frame.size
    full = _full_pages(ctx, pages)
    tops, bottoms, lefts, rights = [], [], [], []
    for p in full:
        body = [line for line in p.lines if abs(line.size - size) < 1.0]
        if not body:
            continue
        tops.append(min(line.box.top for line in p.lines))
        bottoms.append(max(line.box.bottom for line in body))
        lefts.append(ctx.frame.left_of(p.number))
        rights.append(ctx.frame.right_of(p.number))
    if not tops:
        return
    page = full[0]
    width_mm, height_mm = page.width / MM, page.height / MM
    top = statistics.median(tops) / MM
    left = statistics.median(lefts) / MM
    block_w = (statistics.median(rights) - statistics.median(lefts)) / MM
    block_h = (statistics.median(bottoms) - statistics.median(tops)) / MM
    off = []
    if abs(width_mm - A4[0]) > 2 or abs(height_mm - A4[1]) > 2:
        off.append(f"纸张 {width_mm:.0f}×{height_mm:.0f} mm")
    if abs(top - TOP) > 1:
        off.append(f"天头 {top:.1f} mm")
    if abs(left - BINDING) > 1:
        off.append(f"订口 {left:.1f} mm")
    if abs(block_w - TEXT_BLOCK[0]) > 2 or abs(block_h - TEXT_BLOCK[1]) > 3:
        off.append(f"版心约 {block_w:.0f}×{block_h:.0f} mm")
    if off:
        basis = "（扫描件，按识别框估计）" if any(p.ocr for p in full) else ""
        ctx.find(rule, "note", "，".join(off) + basis, "A4纸，天头37 mm，订口28 mm，版心156×225 mm", measured=True)
