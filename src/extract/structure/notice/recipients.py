"""主送机关: the recipients, flush left under the title and ending in ：; a letter's salutation
(尊敬的…：) names its recipient the same way, without the courtesy word.

Recipients are listed in groups separated by ， or ；; inside a group an
enumeration joined by 、 shares its modifiers (各市、县、自治县农业农村局、财政局 is
one group), so only the group separators split.
"""

from __future__ import annotations

import re

from ...model import Line
from ..paragraphs import Frame, compact
from .fields import NoticeFields

RECIPIENTS_END = ("：", ":")
SPLIT_RECIPIENTS = set("，,；;")


def _depth_split(text: str, seps: set[str]) -> list[str]:
    """Split on separators outside brackets."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "（(《〔【[“‘":
            depth += 1
        elif ch in "）)》〕】]”’" and depth:
            depth -= 1
        if ch in seps and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return [part.strip() for part in out if part.strip()]


SALUTATION = re.compile(r"^尊敬的.{1,60}[：:]$")


def is_salutation(line: Line) -> bool:
    """A letter's salutation (尊敬的…：), which names its recipient and ends any title above it."""
    return bool(SALUTATION.match(compact(line.text)))


def recipients_like(para: list[Line], frame: Frame) -> bool:
    """Flush left, ending in ：, not a sentence that announces what follows (…如下：); or a letter's
    salutation wherever it is set."""
    text = compact("".join(line.text for line in para))
    if len(para) == 1 and is_salutation(para[0]):
        return True
    return (
        frame.kind(para[0]) == "flush"
        and text.endswith(RECIPIENTS_END)
        and not re.search(r"(如下|下列|以下|是)[:：]$", text)
        and "。" not in text
    )


# A letter's salutation (尊敬的某某大学：) names its recipient after a courtesy word.
COURTESY = re.compile(r"^尊敬的")


def read_recipients(fields: NoticeFields, lines: list[Line]) -> None:
    text = COURTESY.sub("", fields.text("recipients", lines).rstrip("：:").strip())
    fields.notice.recipients = _depth_split(text, SPLIT_RECIPIENTS)
    fields.put_where("recipients", lines)
