"""Structure stage building blocks: numerals, numbering, first sentences, paragraphs from layout,
and a document without layout (every line a paragraph, as a text dump gives)."""

from __future__ import annotations

import pytest

from extract.model import Box, Line, Page, ParsedDocument, SourceInfo, Span
from extract.normalize import Normalizer
from extract.structure import build_structure
from extract.structure.numerals import cn_to_int, numbering_of, parse_date
from extract.structure.outline import split_first_sentence
from extract.structure.paragraphs import Frame, split_on_gaps

# ---- numerals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("九十九", 99), ("一百零二", 102),
     ("二〇二二", 2022), ("二○二三", 2023), ("12", 12), ("１２", 12)],
)  # fmt: skip
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2022 年 1 月 19 日", "2022-01-19"),
        ("2022年1月19日", "2022-01-19"),
        ("二〇二二年一月十九日", "2022-01-19"),
        ("二○二三年十二月三十一日", "2023-12-31"),
        ("２０２３年３月８日", "2023-03-08"),
        ("2022年13月1日", None),
        ("2022年1月19日印发", None),
        ("于2022年1月19日", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("text", "style", "number", "label"),
    [
        ("一、坚持深化改革", "cn", 1, "一、"),
        ("十二、其他", "cn", 12, "十二、"),
        ("（三）加强领导", "cn_paren", 3, "（三）"),
        ("(三)加强领导", "cn_paren", 3, "(三)"),
        ("1.全面实施", "arabic", 1, "1."),
        ("1．全面实施", "arabic", 1, "1．"),
        ("12、全面实施", "arabic", 12, "12、"),
        ("1. 全面实施", "arabic", 1, "1."),
        ("（2）推进", "arabic_paren", 2, "（2）"),
        ("(2）推进", "arabic_paren", 2, "(2）"),
        ("3)推进", "arabic_half_paren", 3, "3)"),
        ("④推进", "circled", 4, "④"),
        ("第二部分 主要任务", "part", 2, "第二部分"),
    ],
)
def test_numbering(text, style, number, label):
    num = numbering_of(text)
    assert num is not None and (num.style, num.number, num.label) == (style, number, label)


@pytest.mark.parametrize(
    "text", ["2022年是开局之年", "1.5亿元投入", "2.0行动", "一是加强领导", "十四五规划", "1.", "（一）"]
)
def test_not_numbering(text):
    assert numbering_of(text) is None


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("全面实施规划。制订方案。推进落实。", "全面实施规划", "制订方案。推进落实。"),
        ("落实“不做‘一刀切’。”要求。正文。", "落实“不做‘一刀切’。”要求", "正文。"),
        ("加强组织领导", "加强组织领导", ""),
        ("聚焦“党的教育方针贯彻落实。其余", "聚焦“党的教育方针贯彻落实", "其余"),  # unbalanced quote: first 。
    ],
)
def test_split_first_sentence(text, title, body):
    assert split_first_sentence(text) == (title, body)


# ---- synthetic lines ------------------------------------------------------------------------

L, R, S = 80.0, 528.0, 16.0  # left and right margins, body size: 28 characters a line


def mk(text, page=1, x0=L, top=100.0, size=S, font="STSong-Light", color="#000000", bold=False):
    boxes, x = [], x0
    for ch in text:
        w = size if ord(ch) > 0x2E7F else size / 2
        boxes.append(Box(x, top, x + w, top + size))
        x += w
    return Line(page, text, Box(x0, top, x, top + size), [Span(0, len(text), font, size, bold, color)], boxes)


def doc_of(lines_per_page: list[list[Line]]) -> ParsedDocument:
    pages = [Page(i + 1, 595.0, 842.0, lines) for i, lines in enumerate(lines_per_page)]
    return ParsedDocument(SourceInfo("t.pdf", "0", len(pages)), pages)


def flow(texts: list[tuple[str, float]], page=1, top=100.0, pitch=29.0, **kw) -> list[Line]:
    return [mk(t, page=page, x0=L + indent * S, top=top + i * pitch, **kw) for i, (t, indent) in enumerate(texts)]


FULL = "这是一个完整的正文行内容用于测试段落切分是否正确地处理行"  # 28 characters: reaches the right margin
assert len(FULL) == 28


def test_paragraph_by_first_line_indent_not_punctuation():
    lines = flow(
        [
            ("第一段开头缩进两个字，这一行写满到右边距为止才换行。", 2),  # 26 characters, ends with 。
            (FULL, 0),  # the paragraph goes on: a full line ending in 。 is no paragraph end
            ("第一段结束没有句号", 0),
            ("第二段缩进开始。", 2),
        ]
    )
    frame = Frame.of(doc_of([lines]))
    paras = frame.paragraphs(lines)
    assert [len(p) for p in paras] == [3, 1]


def test_paragraph_continues_across_page_break():
    page1 = flow([("段落开头缩进两个字，这一行写满到右边距为止才换行了呀", 2), (FULL, 0)], page=1, top=680)
    page2 = flow([(FULL, 0), ("段落结束。", 0), ("下一段。", 2)], page=2, top=100)
    frame = Frame.of(doc_of([page1, page2]))
    paras = frame.paragraphs(page1 + page2)
    assert [len(p) for p in paras] == [4, 1]
    # ... but not after a last line that stops well short of the margin
    short = flow([("段落开头缩进两个字，这一行写满到右边距为止才换行了呀", 2), ("很短的一行。", 0)], page=1, top=680)
    frame = Frame.of(doc_of([short, page2]))
    assert [len(p) for p in frame.paragraphs(short + page2)] == [2, 2, 1]


def test_paragraph_by_font_change_without_indent():
    lines = flow([("段落开头缩进两个字，这一行写满到右边距为止才换行了呀", 2), ("正文最后一行没有句号", 0)])
    heading = mk("黑体标题顶格", x0=L, top=100 + 2 * 29, font="SimHei", bold=True)
    after = mk("正文又开始", x0=L + 2 * S, top=100 + 3 * 29)
    frame = Frame.of(doc_of([[*lines, heading, after]]))
    assert [len(p) for p in frame.paragraphs([*lines, heading, after])] == [2, 1, 1]


def test_kinsoku_short_line_does_not_end_a_paragraph():
    # a line pushed short by three characters (line-breaking rules) in mid-paragraph
    lines = flow([("段落开头缩进两个字这一行因为避头尾规则而提前了", 2), (FULL, 0), ("完。", 0)])
    frame = Frame.of(doc_of([lines]))
    assert [len(p) for p in frame.paragraphs(lines)] == [3]


def test_split_on_gaps_keeps_letter_spacing():
    line = mk("上海市教育委员会    上海市财政局")
    assert [p.text for p in split_on_gaps(line, S)] == ["上海市教育委员会", "上海市财政局"]
    spaced = mk("通 知")
    assert [p.text for p in split_on_gaps(spaced, S / 4)] == ["通 知"]


# ---- a document without layout signals ------------------------------------------------------


def text_dump(texts: list[str]) -> ParsedDocument:
    """Every line a paragraph, synthetic boxes all starting at x = 0, one font and colour."""
    lines = [
        Line(1, t, Box(0.0, 20.0 * i, 16.0 * len(t), 20.0 * i + 16), [Span(0, len(t), "text", 16.0, False, "#000000")])
        for i, t in enumerate(texts)
    ]
    return doc_of([lines])


def test_text_dump_degrades_to_one_paragraph_per_line():
    parsed = text_dump(
        [
            "某某区教育局文件",
            "某教〔2024〕2号",
            "关于印发《2024年某某区教育工作要点》的通知",
            "各中小学、幼儿园：",
            "现将《2024年某某区教育工作要点》印发给你们，请认真贯彻落实。",
            "特此通知。",
            "附件：2024年某某区教育工作要点",
            "某某区教育局",
            "2024年2月20日",
            "（此件公开发布）",
            "附件",
            "2024年某某区教育工作要点",
            "2024年是关键之年。",
            "一、坚持立德树人",
            "1.加强思政教育。推进大中小学思政一体化。",
            "2.推进体育美育。开齐开足体育课",
            "二、深化教育改革",
            "3.深化评价改革。落实评价改革任务。",
        ]
    )
    frame = Frame.of(parsed)
    assert frame.per_line
    notice, attachment, sections, _ = build_structure(parsed, Normalizer())
    assert notice.issuers == ["某某区教育局"]
    assert notice.doc_number == "某教〔2024〕2号"
    assert notice.title == "关于印发《2024年某某区教育工作要点》的通知"
    assert notice.recipients == ["各中小学、幼儿园"]
    assert notice.body == ["现将《2024年某某区教育工作要点》印发给你们，请认真贯彻落实。", "特此通知。"]
    assert notice.attachments == ["2024年某某区教育工作要点"]
    assert notice.signature == "某某区教育局"
    assert notice.date == "2024-02-20"
    assert notice.markers == ["（此件公开发布）"]
    assert (attachment.label, attachment.title, attachment.preamble) == (
        "附件", "2024年某某区教育工作要点", "2024年是关键之年。",
    )  # fmt: skip
    assert [(s.no, s.title) for s in sections] == [(1, "坚持立德树人"), (2, "深化教育改革")]
    assert [(p.no, p.title, p.body) for s in sections for p in s.points] == [
        (1, "加强思政教育", "推进大中小学思政一体化。"),
        (2, "推进体育美育", "开齐开足体育课"),
        (3, "深化评价改革", "落实评价改革任务。"),
    ]


def test_numbering_out_of_sequence_is_text():
    parsed = text_dump(
        [
            "附件",
            "工作方案",
            "一、总体要求",
            "1.第一点。正文。",
            "3、这一段以数字开头但不是下一点。",
            "2.第二点。正文。",
        ]
    )
    _, _, sections, _ = build_structure(parsed, Normalizer())
    (section,) = sections
    assert [(p.no, p.title, p.body) for p in section.points] == [
        (1, "第一点", "正文。\n3、这一段以数字开头但不是下一点。"),
        (2, "第二点", "正文。"),
    ]


def test_empty_document():
    notice, attachment, sections, _ = build_structure(doc_of([[]]), Normalizer())
    assert notice.title is None and attachment.title is None and sections == []


def test_no_recipients_when_the_first_paragraph_announces_what_follows():
    parsed = text_dump(
        [
            "某某区教育局文件",
            "某教〔2024〕9号",
            "关于做好寒假安全工作的通知",
            "现将有关事项通知如下：",
            "一、加强安全教育。",
            "（此件公开发布",  # a bracket never closed: not a marker, and it does not swallow what follows
            "2024年1月10日",
            "附件",
            "说明",
            "一、总体要求",
        ]
    )
    notice, attachment, sections, _ = build_structure(parsed, Normalizer())
    assert notice.recipients == []
    assert notice.body == ["现将有关事项通知如下：", "一、加强安全教育。", "（此件公开发布"]
    assert notice.date == "2024-01-10" and notice.markers == []
    assert (attachment.label, attachment.title) == ("附件", "说明")
    assert [(s.no, s.title) for s in sections] == [(1, "总体要求")]


def test_a_recognised_date_under_its_seal_may_have_lost_its_day_mark():
    """OCR of a 成文日期 under a seal can drop the last character, 日: such a line is still the date;
    a text layer's line without 日 is not one."""
    from extract.structure.notice.signature import is_date_line

    def line(text: str, origin: str | None) -> Line:
        box = Box(340.0, 660.0, 340.0 + 16.0 * len(text), 676.0)
        return Line(1, text, box, [Span(0, len(text), "ocr", 16.0, False, "#000000")], origin=origin)

    assert parse_date("2022年1月19", day_mark_lost=True) == "2022-01-19"
    assert parse_date("2022年1月19") is None
    assert is_date_line(line("2022年1月19", "ocr"))
    assert not is_date_line(line("2022年1月19", None))
    assert not is_date_line(line("2022年1月", "ocr"))
