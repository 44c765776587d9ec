"""版记 (抄送, 印发机关 and 印发日期, the rules between them) and the seal over the 署名 and 成文日期."""

from __future__ import annotations

from ..model import Box, Where
from ..structure.notice import is_red
from .context import Context
from .dates import check_printed_date


def check_colophon(ctx: Context) -> None:
    notice = ctx.doc.notice
    has = bool(notice.cc or notice.printed_by or notice.printed_on)
    # 信函格式 prints no 印发机关 and 印发日期 (9.1), nor do the 令 and 纪要 formats ask for them (9.2, 9.3).
    if ctx.layout == "document":
        ctx.checked("colophon.present")
        if notice.printed_on is None:
            missing = "印发机关和印发日期" if notice.printed_by is None else "印发日期"
            found = "未见版记" if not has else f"版记缺{missing}"
            ctx.find("colophon.present", "warning", found, "版记印发机关和印发日期（如有抄送机关，列其上）",
                     where=_last_page(ctx))
    else:
        ctx.not_applicable("colophon.present", "只对文件格式要求版记（转载件、公告、信函、令、纪要除外）")
    check_printed_date(ctx)
    _rules(ctx, has)


def _last_page(ctx: Context) -> list[Where]:
    """Where a missing 版记 belongs: the foot of the last page (a text dump has no pages to name)."""
    return [Where(ctx.pages[-1].number)] if ctx.pages and not ctx.text_input else []


def _rules(ctx: Context, has: bool) -> None:
    rule = "colophon.rules"
    if not has:
        ctx.not_applicable(rule, "没有版记")
        return
    if ctx.text_input:
        ctx.not_checkable(rule, "文本输入没有分隔线")
        return
    lines = ctx.element_lines("cc") + ctx.element_lines("printed")
    if not lines:
        return
    ctx.checked(rule)
    page = next(p for p in ctx.pages if p.number == lines[-1].page)
    top = min(line.box.top for line in lines if line.page == page.number)
    bottom = max(line.box.bottom for line in lines if line.page == page.number)
    wide = [r for r in page.rulings if r.horizontal and r.box.width > 0.6 * (ctx.frame.right_of(page.number)
            - ctx.frame.left_of(page.number)) and not is_red(r.color)]
    above = [r for r in wide if top - 1.5 * ctx.frame.pitch <= r.box.bottom <= top + 2]
    below = [r for r in wide if bottom - 2 <= r.box.top <= bottom + 1.5 * ctx.frame.pitch]
    cc = [line for line in ctx.element_lines("cc") if line.page == page.number]
    printed = [line for line in ctx.element_lines("printed") if line.page == page.number]
    between = [
        r for r in wide
        if cc and printed and max(ln.box.bottom for ln in cc) - 2 <= r.box.top <= min(ln.box.top for ln in printed) + 2
    ]
    places = [("首条", above), ("末条", below)] + ([("抄送与印发之间的", between)] if cc and printed else [])
    missing = [name for name, found in places if not found]
    if missing:
        ctx.find(rule, "warning", f"版记未见{'、'.join(missing)}分隔线",
                 "版记首条、末条分隔线与版心等宽，各要素间有分隔线", lines, measured=True)


def check_seal(ctx: Context) -> None:
    rule = "seal.over_date"
    notice = ctx.doc.notice
    if not notice.signatures or notice.date is None:
        ctx.not_applicable(rule, "未印署名或成文日期")
        return
    date = ctx.element_lines("date")
    if not date or ctx.text_input:
        ctx.not_checkable(rule, "文本输入没有印章")
        return
    page = next(p for p in ctx.pages if p.number == date[0].page)
    seals = [s.box for s in ctx.doc.parsed.seals if s.page == page.number] if ctx.doc.parsed else []
    if not page.ocr:
        # a text page shows a seal only as a picture: one of a seal's size (2–7 cm, about as tall as wide)
        seals += [image.box for image in page.images if _seal_sized(image.box)]
        if not seals and not page.images:
            ctx.not_checkable(rule, "文字层PDF：该页没有图像（印章未嵌入），未能检查")
            return
    ctx.checked(rule)
    signature = ctx.element_lines("signature")
    spot = Box.enclosing([line.box for line in [*date, *signature] if line.page == page.number])
    if not seals:
        ctx.find(rule, "note", "署名和成文日期处未检出红色印章", "印章下压署名和成文日期", [*signature, *date])
    elif not any(box.overlaps(spot) for box in seals):
        ctx.find(rule, "warning", "印章未压署名和成文日期", "印章端正、居中下压署名和成文日期", [*signature, *date],
                 measured=True)


# A seal's width in points: 2 to 7 cm (GB/T 9704 leaves the size to the organ; 4.2 cm is usual).
SEAL_SIDE = (20 * 72 / 25.4, 70 * 72 / 25.4)


def _seal_sized(box: Box) -> bool:
    width, height = box.x1 - box.x0, box.bottom - box.top
    return SEAL_SIDE[0] <= width <= SEAL_SIDE[1] and 0.7 <= height / max(width, 1e-6) <= 1.4
