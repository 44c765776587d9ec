"""标题 and 主送机关: the genre word, 2号小标宋 centred, no closing punctuation; 主送 flush left, ending
in a full-width colon."""

from __future__ import annotations

import statistics

from ..structure.notice.genre import genre_of
from ..structure.paragraphs import compact
from .context import Context, font_name, printed
from .layout import is_official

TITLE_SIZE = 22.0  # 2号
TITLE_FONT = ("小标宋", "xbs", "xiaobiaosong", "biaosong", "xbsj")
# Marks a title may end in: brackets closing a qualifier （试行）, a quoted or titled name.
TITLE_END_OK = set("）)》”’」』〕】")
PUNCTUATION = set("。，、；：？！,.;:?!…—")


def check_title(ctx: Context) -> None:
    notice = ctx.doc.notice
    lines = ctx.element_lines("title")
    rules = ("title.genre", "title.punctuation", "title.typeface")
    if ctx.layout in ("order", "minutes"):
        for rule in rules:
            ctx.not_applicable(rule, "令、纪要格式以标志代替标题，其下是编号")
        return
    if not notice.title or not lines:
        for rule in rules:
            ctx.not_applicable(rule, "未识别出标题")
        return
    if is_official(ctx.layout):
        ctx.checked("title.genre")
        # a title wrongly ending in 。 still names its genre: that is the punctuation rule's finding
        if (notice.genre or genre_of(notice.title.rstrip("".join(PUNCTUATION)))) is None:
            ctx.find("title.genre", "warning", notice.title, "标题以文种结尾（通知、意见、报告、函……）", lines)
    else:
        ctx.not_applicable("title.genre", "单独印发的法规、报告等，不按公文标题检查")
    ctx.checked("title.punctuation")
    last = compact(printed(lines))[-1:]
    if last in PUNCTUATION and last not in TITLE_END_OK:
        ctx.find("title.punctuation", "error", f"标题末尾有“{last}”", "标题末尾不加标点", lines)
    _typeface(ctx, lines)


def _typeface(ctx: Context, lines: list) -> None:
    rule = "title.typeface"
    if not ctx.laid_out(rule, "文本输入没有字体、字号和位置"):
        return
    s = ctx.frame.size
    for line in lines:
        offset = ((line.box.x0 + line.box.x1) / 2 - ctx.frame.centre_of(line.page, line.column)) / s
        if abs(offset) > 1.0:
            ctx.find(rule, "warning", f"标题行中心偏离版心中线 {offset:+.1f} 字", "居中排布", [line], measured=True)
    if any(line.origin == "ocr" for line in lines):
        ctx.not_checkable(rule, "扫描件没有字体信息，字号只能估计（仅检查了居中）")
        return
    size = statistics.median(line.size for line in lines)
    fonts = sorted({font_name(line.font) for line in lines})
    odd = [f for f in fonts if not any(word in f.lower() for word in TITLE_FONT)]
    if abs(size - TITLE_SIZE) > 1.0 or odd:
        ctx.find(rule, "note", f"标题 {size:.1f} pt，字体 {'、'.join(fonts)}", f"2号（{TITLE_SIZE:g} pt）小标宋体",
                 lines, measured=True)


def check_recipients(ctx: Context) -> None:
    lines = ctx.element_lines("recipients")
    if not ctx.doc.notice.recipients or not lines:
        for rule in ("recipients.colon", "recipients.flush"):
            ctx.not_applicable(rule, "未印主送机关")
        return
    ctx.checked("recipients.colon")
    text = compact(printed(lines))
    if not text.endswith("："):
        ctx.find("recipients.colon", "error", f"主送机关以“{text[-1:]}”结尾", "以全角冒号“：”结尾", lines)
    if not ctx.laid_out("recipients.flush", "文本输入没有版面位置"):
        return
    s = ctx.frame.size
    for line in lines:
        offset = (line.box.x0 - ctx.frame.left_of(line.page, line.column)) / s
        if abs(offset) > 0.5:
            ctx.find("recipients.flush", "warning", f"主送机关左起空 {offset:.1f} 字", "居左顶格（回行仍顶格）",
                     [line], measured=True)
