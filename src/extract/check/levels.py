"""结构层次序数: 一、 → （一） → 1. → （1）, no level skipped, numbers consecutive within their parent.

Read from the outline the structure stage built. A heading that does not continue its level's
numbering (一、 twice, 一、 then 三、 in plain type) is not taken for a heading there and stays in the
text of the heading before it, so that text is searched for numbers of its own level too.
"""

from __future__ import annotations

from ..model import OutlineNode, OutlinePart, Where
from ..structure.numerals import ascii_digits, numbering_of
from ..structure.paragraphs import compact
from .context import Context

ORDER = ("cn", "cn_paren", "arabic", "arabic_paren")
EXPECTED_LABEL = {"cn": "一、", "cn_paren": "（一）", "arabic": "1.", "arabic_paren": "（1）"}
NUMERALS = "零一二三四五六七八九十"


def style_of(label: str) -> str | None:
    num = numbering_of(label + "文")
    return num.style if num else None


def label_ok(style: str, label: str) -> bool:
    label = ascii_digits(label)
    if style == "cn":
        return label.endswith("、")
    if style in ("cn_paren", "arabic_paren"):
        return label.startswith("（") and label.endswith("）")
    if style == "arabic":
        return label.endswith(".") or label.endswith("．")
    return True


def show(style: str, number: int) -> str:
    if style in ("cn", "cn_paren"):
        text = _cn(number)
        return f"{text}、" if style == "cn" else f"（{text}）"
    return f"{number}." if style == "arabic" else f"（{number}）" if style == "arabic_paren" else str(number)


def _cn(n: int) -> str:
    if n < 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens]) + "十" + (NUMERALS[ones] if ones else "")


class _Walk:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.last_of_style: dict[str, int] = {}
        self.bad_labels: dict[str, list[OutlineNode]] = {}
        self.bad_order: dict[tuple[str, str], list[OutlineNode]] = {}

    def container(
        self, nodes: list[OutlineNode], parent: str | None, chain: list[tuple[str, OutlineNode]] | None = None
    ) -> None:
        previous: dict[str, OutlineNode] = {}
        for node in nodes:
            style = style_of(node.label)
            if style is None:
                continue
            self._order(node, style, parent)
            before = previous.get(style)
            if before is None:
                start = self.last_of_style.get(style, 0)
                if node.no not in (1, start + 1):
                    self._sequence(None, node, style, 1)
            elif node.no != before.no + 1:
                self._sequence(before, node, style, before.no + 1)
            previous[style] = node
            self.last_of_style[style] = node.no
            inner = [*(chain or []), (style, node)]
            self._strays(node, inner)
            self.container(node.children, style, inner)

    def _order(self, node: OutlineNode, style: str, parent: str | None) -> None:
        if style not in ORDER:
            return
        self.ctx.checked("levels.order")
        if not label_ok(style, node.label):
            self.bad_labels.setdefault(style, []).append(node)
        if parent not in ORDER:
            return
        want = ORDER.index(parent) + 1  # type: ignore[arg-type]
        if ORDER.index(style) != want:
            self.bad_order.setdefault((parent, style), []).append(node)  # type: ignore[arg-type]

    def _sequence(self, before: OutlineNode | None, node: OutlineNode, style: str, expected: int) -> None:
        kind = "重号" if before is not None and node.no <= before.no else "缺号"
        where = [*(self._head(before) if before else []), *self._head(node)]
        found = f"“{before.label}”之后是“{node.label}”（{kind}）" if before else f"同级第一个序数是“{node.label}”"
        self.ctx.find("levels.sequence", "error", found, f"“{show(style, expected)}”", where=where)

    def _strays(self, node: OutlineNode, chain: list[tuple[str, OutlineNode]]) -> None:
        """Paragraphs in the heading's text that open with the number of its own level or of a level
        above it (the headings in ``chain``, outermost first): a number the outline did not take."""
        nearest = dict(chain)
        state = {style: (head.no, head.label) for style, head in nearest.items()}
        strays = [(para, numbering_of(para)) for para in node.body.split("\n")]
        strays = [(p, n) for p, n in strays if n and n.style in nearest and n.style in (*ORDER, "article", "chapter")]
        for k, (para, num) in enumerate(strays):
            assert num is not None
            current, label = state[num.style]
            following = next((n for _, n in strays[k + 1 :] if n and n.style == num.style), None)
            restart = num.number == 1 and following is not None and following.number == 2
            state[num.style] = (num.number, num.label)
            if num.number == current + 1 or restart:
                # numbered on from the heading, or a list of its own from 1 (under a heading the
                # outline did not see): not a stray of this level
                continue
            kind = "重号" if num.number <= current else "缺号"
            self.ctx.find(
                "levels.sequence", "error", f"“{label}”之后是“{num.label}”（{kind}）",
                f"“{show(num.style, current + 1)}”", where=[*self._head(nearest[num.style]), *self._locate(node, para)],
            )

    def _head(self, node: OutlineNode) -> list[Where]:
        """The first line of a heading (its ``where`` covers its whole text)."""
        lines = sorted(self.ctx.lines_at(node.where[:1]), key=lambda ln: (ln.box.top, ln.box.x0))
        return [Where(lines[0].page, lines[0].box, lines[0].line_no)] if lines else node.where[:1]

    def _locate(self, node: OutlineNode, para: str) -> list[Where]:
        head = compact(ascii_digits(para))[:6]
        for line in self.ctx.lines_at(node.where):
            if compact(ascii_digits(line.text)).startswith(head):
                return [Where(line.page, line.box, line.line_no)]
        return []

    def orders(self) -> None:
        """One finding per pair of levels out of order (a 要点 of 25 points under 一、 is one finding)."""
        chain = "→".join(EXPECTED_LABEL[s] for s in ORDER)
        for (parent, style), nodes in self.bad_order.items():
            want, have = ORDER.index(parent) + 1, ORDER.index(style)
            head = (f"“{EXPECTED_LABEL[parent]}”层之下用“{EXPECTED_LABEL[style]}”"
                    f"（{len(nodes)} 处，首见“{nodes[0].label}”）")
            if have > want:
                skipped = "、".join(EXPECTED_LABEL[s] for s in ORDER[want:have])
                expected = f"不越级：越过了“{skipped}”层；应依次用{chain}"
            else:
                expected = f"次序应为{chain}"
            self.ctx.find("levels.order", "warning", head, expected, where=self._head(nodes[0]))

    def labels(self) -> None:
        for style, nodes in sorted(self.bad_labels.items()):
            found = f"序数写作“{nodes[0].label}”（{len(nodes)} 处）"
            self.ctx.find("levels.order", "warning", found, f"“{EXPECTED_LABEL[style]}”的形式",
                          where=self._head(nodes[0]))


def check_levels(ctx: Context) -> None:
    parts: list[OutlinePart] = [p for p in ctx.doc.outline if p.nodes]
    if not parts:
        for rule in ("levels.order", "levels.sequence"):
            ctx.not_applicable(rule, "没有编号的层次标题")
        return
    ctx.checked("levels.sequence")
    for part in parts:
        walk = _Walk(ctx)
        walk.container(part.nodes, None)
        walk.orders()
        walk.labels()
    if "levels.order" not in ctx.report.checked:
        ctx.not_applicable("levels.order", "层次用第X章、第X条等其他编号")
