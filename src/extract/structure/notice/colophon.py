"""版记: 抄送：… and the 印发 line at the foot of the last page, where the document ends."""

from __future__ import annotations

import re

from ...model import Line
from ..numerals import ascii_digits
from ..paragraphs import compact

COLOPHON = re.compile(r"^(抄送|抄报|分送)[:：]|\d{4}年\d{1,2}月\d{1,2}日印发$")


def is_colophon(line: Line) -> bool:
    return bool(COLOPHON.search(ascii_digits(compact(line.text))))
