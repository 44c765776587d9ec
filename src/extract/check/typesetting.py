"""正文版式, measured on the pages: the share of body lines in 3号 仿宋, lines per page and characters
per line against 22 × 28, the page, the 版心 (156 × 225 mm) and its margins (天头 37 mm, 订口 28 mm).

Reported as notes with the figures: the standard says "一般" for all of these, and a document laid out
otherwise is not wrong, only unusual.
"""

from __future__ import annotations

import statistics
from collections import Counter

from ..model import Line, Page
from ..structure.numerals import numbering_of
from ..structure.paragraphs import typeface
from .context import MM, Context, font_name

BODY_SIZE = 16.0  # 3号
LINES, CHARS = 22, 28
TEXT_BLOCK = (156.0, 225.0)
TOP, BINDING = 37.0, 28.0
A4 = (210.0, 297.0)
FULL_PAGE_LINES = 15


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
    good = sum(len(line.text.strip()) for line in lines if _conforming(line))
    share = good / chars if chars else 1.0
    if share < 0.9:
        sizes = statistics.median(line.size for line in lines)
        fonts: dict[str, int] = {}
        for line in lines:
            fonts[font_name(line.font)] = fonts.get(font_name(line.font), 0) + len(line.text.strip())
        main = max(fonts, key=lambda f: (fonts[f], f))
        ctx.find(rule, "note", f"正文 {len(lines)} 行中3号仿宋占 {share:.0%}（字号中位 {sizes:.1f} pt，"
                 f"主要字体 {main} 占 {fonts[main] / chars:.0%}）", "3号（16 pt）仿宋体", measured=True)


def _conforming(line: Line) -> bool:
    """3号 仿宋; a heading numbered 一、 in 黑体 or （一） in 楷体 is body text set as the standard asks."""
    if abs(line.size - BODY_SIZE) > 0.5:
        return False
    face = typeface(font_name(line.font))
    return face == "fangsong" or (face in ("hei", "kai") and numbering_of(line.text) is not None)


def _full_pages(ctx: Context, pages: list[Page]) -> list[Page]:
    """Pages the text fills: without tables, with at least 15 body lines and four fifths of the fullest
    page's, whose last lines stand level with each other's. Only they tell the lines per page and the
    版心's foot, and it takes two to know that a page is full: none in a short document."""
    size = ctx.frame.size
    count = {p.number: sum(1 for ln in p.lines if abs(ln.size - size) < 1.0) for p in pages if not p.tables}
    most = max(count.values(), default=0)
    candidates = [p for p in pages if count.get(p.number, 0) >= max(FULL_PAGE_LINES, 0.8 * most)]
    foot = {p.number: max(ln.box.top for ln in p.lines if abs(ln.size - size) < 1.0) for p in candidates}
    lowest = max(foot.values(), default=0.0)
    full = [p for p in candidates if foot[p.number] >= lowest - 0.5 * (ctx.frame.pitch or 2 * size)]
    return full if len(full) >= 2 else []


def _grid(ctx: Context, pages: list[Page]) -> None:
    rule = "body.grid"
    ctx.checked(rule)
    size = ctx.frame.size
    full = _full_pages(ctx, pages)
    if not full:
        ctx.not_checkable(rule, "没有排满的页")
        return
    # Lines per page are the grid's positions from the first line to the last (a blank line is one
    # too), at the body's pitch.
    pitch = ctx.frame.pitch or 2 * size
    per_page = [
        round((max(ln.box.top for ln in p.lines if abs(ln.size - size) < 1.0) - min(ln.box.top for ln in p.lines))
              / pitch) + 1
        for p in full
    ]
    widths = [
        len(line.text.replace(" ", ""))
        for p in full for line in p.lines
        if abs(line.size - size) < 1.0 and ctx.frame.kind(line) == "flush" and ctx.frame.shortfall(line) < 0.5
    ]
    if not per_page or not widths:
        return
    lines_pp, chars_pl = max(per_page), round(statistics.median(widths))
    if lines_pp != LINES or chars_pl != CHARS:
        found = f"每面约 {lines_pp} 行，每行约 {chars_pl} 字（{len(full)} 个满页，按行距计；每行字数取中位数）"
        ctx.find(rule, "note", found, f"每面{LINES}行，每行{CHARS}字", measured=True)


def _margins(ctx: Context, pages: list[Page]) -> None:
    rule = "body.margins"
    ctx.checked(rule)
    size = ctx.frame.size
    full = _full_pages(ctx, pages)
    # The 版心's top is where most pages start their text (a 版记 page starts low, a page may open
    # with a table); its foot, the last line of a full page plus one line's pitch.
    starts = Counter(round(min(line.box.top for line in p.lines)) for p in pages)
    top_pt = min(starts, key=lambda t: (-starts[t], t))
    lasts = [max(line.box.top for line in p.lines if abs(line.size - size) < 1.0) for p in full]
    lefts = [ctx.frame.left_of(p.number) for p in full or pages]
    rights = [ctx.frame.right_of(p.number) for p in full or pages]
    page = (full or pages)[0]
    width_mm, height_mm = page.width / MM, page.height / MM
    top = top_pt / MM
    left = statistics.median(lefts) / MM
    block_w = (statistics.median(rights) - left * MM) / MM
    off = []
    if abs(width_mm - A4[0]) > 2 or abs(height_mm - A4[1]) > 2:
        off.append(f"纸张 {width_mm:.0f}×{height_mm:.0f} mm")
    if abs(top - TOP) > 1:
        off.append(f"天头 {top:.1f} mm")
    if abs(left - BINDING) > 1:
        off.append(f"订口 {left:.1f} mm")
    if lasts:
        block_h = (max(lasts) - top_pt + (ctx.frame.pitch or 2 * size)) / MM
        if abs(block_w - TEXT_BLOCK[0]) > 3 or abs(block_h - TEXT_BLOCK[1]) > 3:
            off.append(f"版心约 {block_w:.0f}×{block_h:.0f} mm")
    elif abs(block_w - TEXT_BLOCK[0]) > 3:
        off.append(f"版心宽约 {block_w:.0f} mm")
    if off:
        basis = "（扫描件，按识别框估计）" if any(p.ocr for p in full) else ""
        ctx.find(rule, "note", "，".join(off) + basis, "A4纸，天头37 mm，订口28 mm，版心156×225 mm", measured=True)
