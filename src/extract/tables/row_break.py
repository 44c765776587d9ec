"""Whether the first row of a table's piece on a new page continues the row the page break cut.

The geometry (:mod:`.document_tables`) says when a join is possible: the new row leaves the last
row's label cell empty and has text only under cells of that row. The text then says whether the
row was really cut. It was not, and the new row is a row of its own, when

* a cell of the new row starts with its own item number or label (``十六、``, ``16.``, ``（三）``,
  ``第二条``, ``①``): an item starts there;
* joining would make an item number appear twice in one cell (``十五、…`` above, ``…十五、…``
  below): two items;
* a cell above and the cell under it are both whole figures (``100`` over ``200``): a number is
  never cut in two by a page break that leaves its row's other cells alone;
* both rows are complete on their own: they have text in the same columns, two or more.
"""

from __future__ import annotations

import re

_NUMERAL = "一二三四五六七八九十百零〇两"
# An item label at the start of a text: 十六、 16. 16、 （三） (3) 第二条 ① …
ITEM_LABEL = re.compile(
    rf"^\s*(?:[{_NUMERAL}]+\s*、"
    r"|\d{1,3}\s*[、.．](?!\d)"
    rf"|[（(]\s*[{_NUMERAL}\d]{{1,4}}\s*[)）]"
    rf"|第[{_NUMERAL}\d]+[章节条款项部分篇]"
    r"|[①-⑳])"
)
# Item labels anywhere a clause starts: the text's start, or after a sentence or clause end.
_LABEL_AT_CLAUSE = re.compile(
    rf"(?:^|(?<=[。；;：:\s]))(?:[{_NUMERAL}]+、|\d{{1,3}}[、.．](?!\d)|[（(][{_NUMERAL}\d]{{1,4}}[)）]|[①-⑳])"
)
FIGURE = re.compile(r"[-+－]?\d[\d,，]*(?:[.．]\d+)?[%％]?")


def item_label(text: str) -> str | None:
    """The item number or label a text starts with, without spaces."""
    m = ITEM_LABEL.match(text)
    return re.sub(r"\s+", "", m.group()) if m else None


def _labels(text: str) -> list[str]:
    return [m.group() for m in _LABEL_AT_CLAUSE.finditer(re.sub(r"\s+", "", text))]


def starts_new_row(above: list[str], below: list[str]) -> bool:
    """Whether the new page's first row is a row of its own rather than the rest of the cut one.

    ``above`` and ``below`` are the texts of the cells of the last row and of the new row, column by
    column in the same columns ("" for an empty cell).
    """
    pairs = list(zip(above, below, strict=True))
    if any(item_label(b) for _, b in pairs if b.strip()):
        return True
    for a, b in pairs:
        if not (a.strip() and b.strip()):
            continue
        labels = _labels(a + b)
        if len(labels) != len(set(labels)):
            return True
        if FIGURE.fullmatch(re.sub(r"\s+", "", a)) and FIGURE.fullmatch(re.sub(r"\s+", "", b)):
            return True
    filled_above = [bool(a.strip()) for a in above]
    filled_below = [bool(b.strip()) for b in below]
    return filled_above == filled_below and sum(filled_below) >= 2


__all__ = ["FIGURE", "ITEM_LABEL", "item_label", "starts_new_row"]
