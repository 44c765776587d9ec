"""The notice (the 公文 itself, before its attachments): metadata by GB/T 9704 layout.

版头 (header): the red 发文机关标志 (issuer mark, one line per issuer of a joint
notice, with or without a trailing 文件) and the 发文字号 (doc number). 主体 (body):
the title in a larger size, possibly wrapped; the 主送机关 (recipients) flush left
and ending in ：; the body paragraphs; the 附件说明 (附件：name, or 附件：1.… 2.…
with hanging continuation lines); the 署名 (signature, organ names set over the
date) and the 成文日期 (date, right side, in Arabic or Chinese numerals); then the
附注 (markers in brackets such as （此件公开发布）).
"""

from __future__ import annotations

import re

from .model import Change, Line, Notice
from .normalize import Normalizer
from .numerals import ascii_digits, numbering_of, parse_date
from .paragraphs import Frame, compact, slice_line, split_on_gaps, where_of

# A title is set at least this much larger than the body text (22pt over 16pt in GB/T 9704).
TITLE_STEP = 1.5
# The header and title sit in the first lines of the first page.
HEADER_LINES = 12
# A bracketed note under the date (附注) takes at most this many lines.
MARKER_LINES = 3

_OPEN = "〔[［(（【"
_CLOSE = "〕]］)）】"
DOC_NUMBER = re.compile(
    rf"([\u3400-\u9fff]{{1,16}})\s*([{re.escape(_OPEN)}])\s*([0-9０-９]{{4}})\s*([{re.escape(_CLOSE)}])\s*([0-9０-９]{{1,5}})\s*号"
)
ATTACHMENT_LABEL = re.compile(r"^附件\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?\s*[:：]?$")
ATTACHMENT_NOTE = re.compile(r"^附件\s*[:：]\s*")
MARKER = re.compile(r"^[（(]\s*此件.{1,30}[）)]$")
BRACKETED = re.compile(r"^[（(].*[）)]$")
RECIPIENTS_END = ("：", ":")
SENTENCE_MARKS = set("。，；：！？,;:!?")
SPLIT_RECIPIENTS = set("，、,")
COLOPHON = re.compile(r"^(抄送|抄报|分送)[:：]|\d{4}年\d{1,2}月\d{1,2}日印发$")


def is_red(color: str) -> bool:
    try:
        r, g, b = int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
    except (ValueError, IndexError):
        return False
    return r >= 0x99 and r - max(g, b) >= 0x60


def is_attachment_label(line: Line, frame: Frame) -> bool:
    """附件 / 附件1 / 附件一 alone on a line, flush left: the first line of an attachment."""
    return bool(ATTACHMENT_LABEL.match(compact(line.text))) and frame.kind(line) in ("flush", "indent")


def is_colophon(line: Line) -> bool:
    """版记: 抄送：… and the 印发 line at the foot of the last page."""
    return bool(COLOPHON.search(ascii_digits(compact(line.text))))


def is_date_line(line: Line) -> bool:
    return parse_date(line.text) is not None


def _is_title_size(line: Line, frame: Frame) -> bool:
    return line.size >= frame.size + TITLE_STEP and not is_red(line.color)


def notice_end(lines: list[Line], frame: Frame) -> int:
    """Index of the first line after the notice (its date and the markers under it).

    The notice never runs past an attachment label or past a page that opens with
    a title (an attachment printed without a label). Without a date it ends there;
    without any of these and without a notice header, there is no notice at all.
    """
    if not lines:
        return 0
    bound = len(lines)
    for i in range(1, len(lines)):
        line, prev = lines[i], lines[i - 1]
        if is_attachment_label(line, frame) or (line.page != prev.page and _is_title_size(line, frame)):
            bound = i
            break
    date_at = next((i for i in range(bound) if is_date_line(lines[i])), None)
    if date_at is None:
        red, doc_no, _ = _header(lines, frame)
        if bound == len(lines) and not red and doc_no is None:
            return 0
        return bound
    end = date_at + 1
    while end < bound:
        text = compact(lines[end].text)
        if not text.startswith(("（", "(")):
            break
        if lines[end].page != lines[end - 1].page and lines[end].page != lines[date_at].page + 1:
            break
        # a bracketed note, possibly wrapped over several lines
        j = end
        while j < min(bound, end + MARKER_LINES) - 1 and not compact(lines[j].text).endswith(("）", ")")):
            j += 1
        if not compact(lines[j].text).endswith(("）", ")")):
            break
        end = j + 1
    return end


def _header(lines: list[Line], frame: Frame) -> tuple[list[int], int | None, int]:
    """Red issuer lines, the doc-number line and where the title starts (the header's end)."""
    head = [i for i in range(min(len(lines), HEADER_LINES)) if lines[i].page == lines[0].page]
    big = next((i for i in head if _is_title_size(lines[i], frame)), None)
    scope = [i for i in head if big is None or i < big]
    red = [i for i in scope if is_red(lines[i].color)]
    doc_no = next((i for i in scope if i not in red and DOC_NUMBER.search(lines[i].text)), None)
    if big is not None:
        start = big
    elif doc_no is not None:
        start = doc_no + 1
    elif red:
        start = red[-1] + 1
    else:
        start = 0
    if not red:
        # A header printed in black: the big lines above the doc number, or those ending in 文件.
        limit = doc_no if doc_no is not None else start
        red = [
            i
            for i in range(limit)
            if lines[i].size >= 1.3 * frame.size or compact(lines[i].text).endswith("文件")
        ]
    return red, doc_no, start


def _title(lines: list[Line], start: int, frame: Frame) -> int:
    """Index after the title's lines, which begin at ``start``."""
    if start >= len(lines):
        return start
    first = lines[start]
    end = start
    if _is_title_size(first, frame):
        while (
            end < len(lines)
            and abs(lines[end].size - first.size) < 1.0
            and lines[end].page == first.page
            and not is_red(lines[end].color)
        ):
            end += 1
        return end
    if compact(first.text).endswith(RECIPIENTS_END) or frame.kind(first) == "indent":
        return start  # no title
    if frame.per_line:
        return start + 1
    while end < len(lines) and (lines[end].bold or frame.kind(lines[end]) == "other") and not is_date_line(lines[end]):
        end += 1
    return max(end, start + 1)


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


def _recipients_like(para: list[Line], frame: Frame) -> bool:
    """主送机关: flush left, ending in ：, not a sentence that announces what follows (…如下：)."""
    text = compact("".join(line.text for line in para))
    return (
        frame.kind(para[0]) == "flush"
        and text.endswith(RECIPIENTS_END)
        and not re.search(r"(如下|下列|以下|是)[:：]$", text)
        and "。" not in text
    )


def signature_like(line: Line, frame: Frame) -> bool:
    text = compact(line.text)
    if not text or len(text) > 60 or is_date_line(line) or ATTACHMENT_NOTE.match(text) or numbering_of(text):
        return False
    if any(ch in SENTENCE_MARKS for ch in text) or text.startswith(("（", "(")):
        return False
    if frame.per_line:
        return True
    return frame.kind(line) != "flush" and (frame.is_right_side(line) or len(split_on_gaps(line, frame.size)) > 1)


class _NoticeBuilder:
    def __init__(self, lines: list[Line], frame: Frame, norm: Normalizer) -> None:
        self.lines = lines
        self.frame = frame
        self.norm = norm
        self.notice = Notice()

    def put_where(self, key: str, lines: list[Line]) -> None:
        if lines:
            self.notice.where[key] = where_of(lines)

    def build(self) -> Notice:
        lines, frame, notice = self.lines, self.frame, self.notice
        if not lines:
            return notice
        red, doc_no, start = _header(lines, frame)
        self.issuers([lines[i] for i in red])
        if doc_no is not None:
            self.doc_number(lines[doc_no])
        title_end = _title(lines, start, frame)
        if title_end > start:
            title_lines = lines[start:title_end]
            notice.title = self.norm.field("notice/title", title_lines)
            self.put_where("title", title_lines)
        rest = lines[title_end:]
        date_at = max((i for i, line in enumerate(rest) if is_date_line(line)), default=None)
        after: list[Line] = []
        if date_at is not None:
            date_line = rest[date_at]
            text = self.norm.field("notice/date", [date_line])
            notice.date = parse_date(text) or parse_date(date_line.text)
            self.put_where("date", [date_line])
            after = rest[date_at + 1 :]
            rest = rest[:date_at]
        paragraphs = frame.paragraphs(rest)
        if paragraphs and _recipients_like(paragraphs[0], frame):
            self.recipients(paragraphs.pop(0))
        note_at = next(
            (i for i, p in enumerate(paragraphs) if ATTACHMENT_NOTE.match(compact(p[0].text))), len(paragraphs)
        )
        body, tail = paragraphs[:note_at], self.attachments(paragraphs[note_at:])
        if note_at == len(paragraphs):
            body, tail = [], body
        signature: list[Line] = []
        if date_at is not None:
            while tail and len(tail[-1]) == 1 and signature_like(tail[-1][0], frame):
                signature.insert(0, tail.pop()[0])
        self.body(body + tail)
        self.signature(signature)
        self.markers(frame.paragraphs(after))
        return notice

    # ---- fields -----------------------------------------------------------------

    def issuers(self, red: list[Line]) -> None:
        pieces = [piece for line in red for piece in split_on_gaps(line, line.size)]
        names = []
        for piece in pieces:
            text = self.norm.field(f"notice/issuers/{len(names)}", [piece])
            text = re.sub(r"\s*文件$", "", text).strip()
            if text:
                names.append(text)
        if names:
            self.notice.issuers = names
            self.notice.issuer = "、".join(names)
            # A 文件 printed apart from the names is still part of the issuer mark.
            self.put_where("issuer", pieces)

    def doc_number(self, line: Line) -> None:
        m = DOC_NUMBER.search(line.text)
        if not m:
            return
        text = self.norm.field("notice/doc_number", [slice_line(line, m.start(), m.end())])
        n = DOC_NUMBER.search(text)
        if n is None:
            self.notice.doc_number = text
        else:
            prefix, opening, year, closing, number = n.groups()
            for before, after in ((opening, "〔"), (closing, "〕")):
                if before != after:
                    self.norm.changes.append(
                        Change("notice/doc_number", line.page, line.box, "doc_number_bracket", before, after, True)
                    )
            self.notice.doc_number = f"{prefix}〔{year}〕{number}号"
        self.put_where("doc_number", [line])

    def recipients(self, lines: list[Line]) -> None:
        text = self.norm.field("notice/recipients", lines).rstrip("：:").strip()
        self.notice.recipients = _depth_split(text, SPLIT_RECIPIENTS)
        self.put_where("recipients", lines)

    def body(self, paragraphs: list[list[Line]]) -> None:
        for para in paragraphs:
            raw = compact("".join(line.text for line in para))
            if MARKER.match(raw):
                self.marker(para)
                continue
            index = len(self.notice.body)
            text = self.norm.field(f"notice/body/{index}", para)
            if text:
                self.notice.body.append(text)
                self.put_where(f"body/{index}", para)

    def marker(self, para: list[Line]) -> None:
        index = len(self.notice.markers)
        self.notice.markers.append(self.norm.field(f"notice/markers/{index}", para))
        self.put_where(f"markers/{index}", para)

    def markers(self, paragraphs: list[list[Line]]) -> None:
        for para in paragraphs:
            if BRACKETED.match(compact("".join(line.text for line in para))):
                self.marker(para)

    def attachments(self, paragraphs: list[list[Line]]) -> list[list[Line]]:
        """附件说明 items; returns paragraphs after it that are not part of it."""
        if not paragraphs:
            return []
        frame = self.frame
        first = paragraphs[0][0]
        m = ATTACHMENT_NOTE.match(first.text.lstrip())
        # x where the attachment names start, for the hanging continuation lines
        offset = len(first.text) - len(first.text.lstrip()) + (m.end() if m else 0)
        if first.char_boxes and offset < len(first.char_boxes):
            hang = first.char_boxes[offset].x0
        else:
            hang = first.box.x0 + 3 * frame.size
        items: list[list[Line]] = [list(paragraphs[0])]
        leftover: list[list[Line]] = []
        expected = 2
        for para in paragraphs[1:]:
            head = para[0]
            numbered = numbering_of(head.text)
            aligned = frame.per_line or abs(head.box.x0 - hang) <= 2.5 * frame.size
            if leftover:
                leftover.append(para)
            elif numbered and numbered.number == expected and (aligned or frame.kind(head) != "flush"):
                items.append(list(para))
                expected += 1
            elif aligned and not frame.per_line and frame.kind(head) == "other":
                items[-1].extend(para)  # a name wrapped under the first character of the names
            else:
                leftover.append(para)
        for index, item in enumerate(items):
            text = self.norm.field(f"notice/attachments/{index}", item)
            if index == 0:
                text = ATTACHMENT_NOTE.sub("", text, count=1)
            numbered = numbering_of(text)
            if numbered and (len(items) > 1 or numbered.number == 1):
                text = text[numbered.end :]
            text = text.strip()
            if text:
                self.notice.attachments.append(text)
                self.put_where(f"attachments/{len(self.notice.attachments) - 1}", item)
        return leftover

    def signature(self, lines: list[Line]) -> None:
        if not lines:
            return
        names, used = [], []
        for line in lines:
            for piece in split_on_gaps(line, self.frame.size):
                text = self.norm.field("notice/signature", [piece])
                if text:
                    names.append(text)
                    used.append(piece)
        if names:
            self.notice.signature = "、".join(names)
            self.put_where("signature", used)


def build_notice(lines: list[Line], frame: Frame, norm: Normalizer) -> Notice:
    """The notice's metadata from its lines (the lines before its attachments)."""
    return _NoticeBuilder(lines, frame, norm).build()

