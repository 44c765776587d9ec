"""文种: the genre a title names (通知, 意见, 公告, 条例 …), read from the title's last words."""

from __future__ import annotations

import re

# Genres of GB/T 9704 and the regulations, plans and reports that 公文 issue: the base word, so a
# 实施方案 is a 方案 and a 管理办法 an 办法; two-character words first, so that 办法 is not 法.
GENRES = (
    "通知", "通报", "通告", "公告", "意见", "决定", "决议", "命令", "批复", "报告", "请示", "纪要", "议案",
    "公报", "条例", "办法", "规定", "规则", "细则", "方案", "规划", "计划", "要点", "决算", "预算",
    "函", "令", "法",
)  # fmt: skip
# A title may end with a qualifier in brackets: （试行）, （暂行）, （2024年修订）, （征求意见稿）.
_QUALIFIER = re.compile(r"[（(][^（）()]{1,12}[）)]$")


def genre_of(title: str | None) -> str | None:
    """The genre word the title ends in; a 通知 that issues a 方案 is a 通知."""
    if not title:
        return None
    text = re.sub(r"\s+", "", title)
    while _QUALIFIER.search(text):
        text = _QUALIFIER.sub("", text)
    text = text.rstrip("》」”")
    for word in GENRES:
        if text.endswith(word):
            return word
    return None
