"""附件说明 and the attachments: ``附件：`` with a full-width colon, ``1.`` ``2.`` when several, no
punctuation after a name; every listed attachment printed and titled as listed, and every one listed."""

from __future__ import annotations

import re

from ..model import Line, OutlinePart
from ..structure.numerals import ascii_digits, cn_to_int
from ..structure.paragraphs import compact
from .context import Context, printed

NAME_END = set("。，、；：,.;:")
NUMBERED = re.compile(r"^(\d{1,2})([.．、]?)")


def _key(text: str | None) -> str:
    """A title as compared: no blanks, no book-title marks or quotes."""
    return re.sub(r"[\s《》〈〉“”\"'‘’]", "", text or "").rstrip("".join(NAME_END))


def _label_number(part: OutlinePart) -> int | None:
    m = re.search(r"附件\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})", part.label or "")
    return cn_to_int(m.group(1)) if m else None


def check_attachment_note(ctx: Context) -> None:
    notice = ctx.doc.notice
    parts = [p for p in ctx.doc.outline if p.part.startswith("attachment")]
    if not notice.attachments:
        ctx.not_applicable("attachment_note.form", "没有附件说明")
        # Without a note, an attachment label may well be the attachment of a 方案 the notice issues.
        ctx.not_applicable("attachment_note.match", "没有附件说明（标注的附件可能属于所印发的文件）")
        return
    items = [ctx.element_lines(f"attachments/{i}") for i in range(len(notice.attachments))]
    _form(ctx, items)
    _match(ctx, parts)


def _form(ctx: Context, items: list[list[Line]]) -> None:
    rule = "attachment_note.form"
    ctx.checked(rule)
    if not items or not items[0]:
        return
    head = items[0][0]
    if not ctx.text_input and not ctx.frame.per_line:
        indent = (head.box.x0 - ctx.frame.left_of(head.page, head.column)) / ctx.frame.size
        if abs(indent - 2) > 0.5:
            found = f"附件说明左空 {indent:.1f} 字"
            ctx.find(rule, "warning", found, "正文下空一行左空二字编排", [head], measured=True)
    first = compact(printed(items[0]))
    if not first.startswith("附件："):
        ctx.find(rule, "error", first[:4], "“附件”后标全角冒号“附件：”", items[0])
        first = re.sub(r"^附件[:：]?", "", first)
    else:
        first = first[3:]
    texts = [first, *(compact(printed(lines)) for lines in items[1:])]
    several = len(items) > 1
    for index, (text, lines) in enumerate(zip(texts, items, strict=True), start=1):
        m = NUMBERED.match(ascii_digits(text))
        if several and (m is None or m.group(2) not in (".", "．")):
            ctx.find(rule, "error" if m is None else "warning", f"附件顺序号写作“{m.group(0) if m else '（无）'}”",
                     f"“{index}.”", lines)
        if text[-1:] in NAME_END:
            ctx.find(rule, "error", f"附件名称后有“{text[-1]}”", "附件名称后不加标点符号", lines)


def _match(ctx: Context, parts: list[OutlinePart]) -> None:
    rule = "attachment_note.match"
    notice = ctx.doc.notice
    ctx.checked(rule)
    titles = {_key(p.title): p for p in parts if p.title}
    used: set[int] = set()
    for index, name in enumerate(notice.attachments, start=1):
        lines = ctx.element_lines(f"attachments/{index - 1}")
        part = titles.get(_key(name))
        if part is None:
            numbered = [p for p in parts if _label_number(p) == index]
            part = numbered[0] if numbered else (parts[index - 1] if len(parts) == len(notice.attachments) else None)
            if part is not None:
                ctx.find(rule, "error", f"附件{index}标题为“{part.title or '（无标题）'}”", f"与附件说明一致：“{name}”",
                         lines, where=[*(part.where.get("title") or part.where.get("label") or [])[:1]])
            else:
                severity = "error" if parts or ctx.layout == "document" else "warning"
                ctx.find(rule, severity, f"附件说明列出“{name}”，文件中未见此附件", "附件随正文印发（在版记之前）",
                         lines)
                continue
        used.add(id(part))
        number = _label_number(part)
        if part.label and len(notice.attachments) > 1 and number is not None and number != index:
            ctx.find(rule, "error", f"附件说明第 {index} 项“{name}”，附件标为“{part.label}”", f"“附件{index}”",
                     where=part.where.get("label", [])[:1])
    for part in parts:
        if id(part) not in used and part.label:
            ctx.find(rule, "error", f"“{part.label}”{part.title or ''}未列入附件说明", "附件说明列出每个附件",
                     where=part.where.get("label", [])[:1])
