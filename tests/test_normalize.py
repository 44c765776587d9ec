"""Normalization stage: t2s, widths, spacing, line rejoining, the audit log and anomalies.

Unit tests of each rule with its provenance, property tests (idempotent; simplified
CJK and ASCII-only text untouched), and whole-document tests on the official PDF
judged by the gold standard.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.model import Box, Line, Span
from extract.normalize import (
    Normalizer,
    find_anomalies,
    is_cjk,
    join_lines,
    script_tables,
    sub_line,
    t2s_edits,
)

# ---- helpers ---------------------------------------------------------------------------

CHAR_W = 16.0


def line(text: str, page: int = 1, top: float = 100.0, inserted: tuple[int, ...] = (), trailing: bool = False) -> Line:
    """A layout line with one box per character, 16 pt apart."""
    boxes = [Box(80 + i * CHAR_W, top, 80 + (i + 1) * CHAR_W, top + 16) for i in range(len(text))]
    end = boxes[-1].x1 if boxes else 80.0
    return Line(
        page=page,
        text=text,
        box=Box(80, top, end, top + 16),
        spans=[Span(0, len(text), "Song", 16.0, False, "#000000")],
        char_boxes=boxes,
        inserted_spaces=frozenset(inserted),
        trailing_space=Box(end, top, end + 4, top + 16) if trailing else None,
    )


def rules(norm: Normalizer) -> Counter:
    return Counter(c.rule for c in norm.changes)


# ---- rule 1: traditional → simplified ---------------------------------------------------


def test_t2s_converts_traditional_characters_with_provenance():
    norm = Normalizer()
    out = norm.field("sections/2/points/4", [line("抓紧落实教育督導體制機制改革", page=4)])
    assert out == "抓紧落实教育督导体制机制改革"
    assert [(c.before, c.after) for c in norm.changes] == [("導", "导"), ("體", "体"), ("機", "机")]
    first = norm.changes[0]
    assert first.rule == "t2s" and first.published and first.page == 4 and first.field == "sections/2/points/4"
    assert first.box == Box(80 + 7 * CHAR_W, 100, 80 + 8 * CHAR_W, 116)  # the 8th character, 導


def test_t2s_leaves_simplified_text_alone_even_where_opencc_would_not():
    # 覆 乾 徵 於 are both traditional and simplified forms: kept in simplified text …
    for text in ("全覆盖推进", "乾隆年间的宫商角徵羽", "於姓人家", "沈默", "么麽小丑"):
        norm = Normalizer()
        assert norm.text("f", text, 1) == text
        assert norm.changes == []
    # … and converted inside traditional text, where they are traditional.
    norm = Normalizer()
    assert norm.text("f", "象徵意義與於是", 1) == "象征意义与于是"


def test_t2s_edits_only_touch_traditional_characters():
    tables = script_tables()
    text = "中小學生全覆盖，落實《條例》，乾淨"
    edits = t2s_edits(text)
    assert "".join(text[i] for i, _ in edits) == "學實條乾淨"
    assert all(text[i] in tables.keys for i, _ in edits)


# ---- rule 2: half-width punctuation next to CJK -------------------------------------------


def test_punct_width_next_to_cjk_only():
    norm = Normalizer()
    out = norm.text("f", "建设方案(2021-2025 年)》要求,做好;结合: 2.0 版,1.全面", 8)
    assert out == "建设方案（2021-2025年）》要求，做好；结合：2.0版，1.全面"
    widened = [(c.before, c.after) for c in norm.changes if c.rule == "punct_width"]
    assert widened == [("(", "（"), (")", "）"), (",", "，"), (";", "；"), (":", "："), (",", "，")]
    assert all(c.published and c.page == 8 for c in norm.changes if c.rule == "punct_width")


def test_punct_width_leaves_ascii_context_and_dots_alone():
    norm = Normalizer()
    assert norm.text("f", "see (a), b; c: d? e! 2.0", 1) == "see (a), b; c: d? e! 2.0"
    assert norm.changes == []


def test_punct_width_chain_is_a_fixed_point():
    # "," is next to "(", which becomes CJK punctuation: both widen in one pass.
    norm = Normalizer()
    out = norm.text("f", "x,(中", 1)
    assert out == "x，（中"
    assert norm.text("g", out, 1) == out and rules(norm) == {"punct_width": 2}


def test_a_bracket_pair_is_never_half_converted():
    norm = Normalizer()
    # a full-width opening bracket as printed, a half-width closing one after a letter
    assert norm.text("f", "交通运输业（G)", 1) == "交通运输业（G）"
    # widened beside CJK on one side only: the partner follows
    assert norm.text("g", "服务业(G),其他(H)业", 1) == "服务业（G），其他（H）业"
    assert [(c.before, c.after) for c in norm.changes if c.field == "f"] == [(")", "）")]
    # a pair with no CJK beside either side stays half-width, both sides
    assert norm.text("h", "see (G) and 交通运输业 (H2)", 1) == "see (G) and交通运输业（H2）"
    assert norm.text("i", "中(a(b)c", 1) == "中（a(b)c"  # an unmatched bracket widens by its neighbours only


# ---- rule 3: whitespace and line joining --------------------------------------------------


def test_published_spaces_next_to_cjk_are_removed_and_counted_as_published():
    norm = Normalizer()
    assert norm.text("f", "不少于 20 课时，华为 ICT 学院", 6) == "不少于20课时，华为ICT学院"
    assert rules(norm) == {"space_removed": 4}
    assert all(c.published and c.before == " " and c.after == "" for c in norm.changes)


def test_spaces_between_ascii_tokens_collapse_to_one():
    norm = Normalizer()
    assert norm.text("f", "ICT  Academy\tof 华为", 1) == "ICT Academy of华为"
    assert [(c.rule, c.before, c.after) for c in norm.changes] == [
        ("space_collapsed", "  ", " "),
        ("space_collapsed", "\t", " "),
        ("space_removed", " ", ""),
    ]


def test_spaces_the_pdf_inserted_are_logged_apart_from_published_ones():
    date = line("2022 年 1 月 19 日", inserted=(4, 6, 8, 10, 13))
    norm = Normalizer()
    assert norm.field("notice/date", [date]) == "2022年1月19日"
    assert rules(norm) == {"pdf_space_removed": 5}
    assert all(not c.published for c in norm.changes)
    assert norm.changes[0].box == date.char_boxes[4]


def test_part_of_a_line_keeps_its_provenance():
    number = line("签发人：青教〔2022〕1 号", page=1, inserted=(13,))
    part = sub_line(number, 4, len(number.text))
    assert part.text == "青教〔2022〕1 号" and part.inserted_spaces == {9}
    assert part.char_boxes[0] == number.char_boxes[4]
    norm = Normalizer()
    assert norm.field("notice/doc_number", [part]) == "青教〔2022〕1号"
    assert [(c.rule, c.published, c.box) for c in norm.changes] == [
        ("pdf_space_removed", False, number.char_boxes[13])
    ]
    # the bare substring cannot tell the inserted space from a published one
    bare = Normalizer()
    bare.text("notice/doc_number", number.text[4:], 1)
    assert [c.rule for c in bare.changes] == ["space_removed"]


def test_mixed_published_and_inserted_spaces():
    norm = Normalizer()
    out = norm.field("f", [line("每校开设 7 种以上，不少于 20 课时", inserted=(4, 6))])
    assert out == "每校开设7种以上，不少于20课时"
    assert [(c.rule, c.published) for c in norm.changes] == [
        ("pdf_space_removed", False), ("pdf_space_removed", False), ("space_removed", True), ("space_removed", True),
    ]


def test_layout_line_breaks_and_page_breaks_rejoin():
    norm = Normalizer()
    lines = [line("推动青东地区教育主动服务虹桥国", page=2, top=700), line("际开放枢纽建设。", page=3, top=100)]
    assert norm.field("sections/1/points/1", lines) == "推动青东地区教育主动服务虹桥国际开放枢纽建设。"
    assert norm.changes == []  # a CJK line break is layout, not text: nothing to log


def test_two_ascii_words_across_a_line_break_keep_one_space():
    norm = Normalizer()
    assert norm.field("f", [line("see the"), line("report 2022", top=130)]) == "see the report 2022"
    [join] = norm.changes
    assert (join.rule, join.before, join.after, join.published) == ("line_join", "", " ", False)
    assert join_lines(["see the", "report", "。和", "2021-", "2022"]) == "see the report。和2021-2022"


def test_a_published_space_at_the_wrap_point_is_seen_and_logged():
    # the PDF prints "形成 " at a line's end and "1-2 项" on the next; the parse stage
    # strips the blank from the text and keeps its box in ``trailing_space``
    first = line("引导每位学生形成", page=6, trailing=True)
    norm = Normalizer()
    assert norm.field("f", [first, line("1-2 项艺术爱好", page=6, top=130)]) == "引导每位学生形成1-2项艺术爱好"
    assert rules(norm) == {"space_removed": 2}
    assert norm.changes[0].box == first.trailing_space and norm.changes[0].published
    # ASCII words: the printed space itself separates them, no join space is added
    norm = Normalizer()
    assert norm.field("g", [line("see the", trailing=True), line("report", top=130)]) == "see the report"
    assert norm.changes == []


def test_text_without_provenance_treats_newlines_as_layout_breaks():
    norm = Normalizer()
    assert norm.text("key_tasks/rows/1/remark", "区政\n府重\r\n点工\n作", 16) == "区政府重点工作"
    assert norm.changes == []


def test_fields_are_logged_once_under_the_name_given():
    norm = Normalizer()
    lines = [line("督導 2022 年", page=4)]
    assert norm.field("sections/2/points/4", lines) == norm.field("sections/2/points/4", lines) == "督导2022年"
    assert len(norm.changes) == 3 and {c.field for c in norm.changes} == {"sections/2/points/4"}
    assert norm.counts() == {"published_text": {"space_removed": 2, "t2s": 1}, "pdf_layout": {}}


def test_is_cjk():
    assert all(is_cjk(ch) for ch in "中，。“”—…·（）《》〔〕、⾏")
    assert not any(is_cjk(ch) for ch in "a1,.( é")


# ---- anomalies -----------------------------------------------------------------------------


def test_latin_word_inside_chinese_is_reported_not_fixed():
    norm = Normalizer()
    lines = [line("借助心理健康教育月", page=19), line("活动 and 争创青浦区", page=19, top=130)]
    out = norm.field("key_tasks/rows/12/q2", lines)
    assert out == "借助心理健康教育月活动and争创青浦区"
    [a] = norm.anomalies
    assert (a.field, a.page, a.kind, a.text) == ("key_tasks/rows/12/q2", 19, "latin_word", "and")


@pytest.mark.parametrize(
    "text",
    ["与华为公司合作开发“华为 ICT 学院课程”", "推进“1+X”证书制度", "以“5+2+X”模式", "PM2.5 浓度", "政务 App 上线",
     "see the report", "www.example.gov.cn 网站", "20km 长", "X 光"],
)
def test_legitimate_latin_tokens_are_not_reported(text):
    norm = Normalizer()
    norm.text("f", text, 1)
    assert [a for a in norm.anomalies if a.kind == "latin_word"] == []


def test_unbalanced_quote_names_the_unclosed_quote_and_its_page():
    text = "加强義務教育。聚焦“黨的教育方針貫徹落實“雙減”“五項管理”“校園疫情防控”等教育熱點"
    lines = [line(text[:20], page=4), line(text[20:], page=4, top=130)]
    norm = Normalizer()
    norm.field("sections/1/points/4", lines)
    [a] = norm.anomalies
    assert a.kind == "unbalanced_quote" and a.page == 4 and a.text.startswith("“党的教育方针")
    assert "“×4, ”×3" in a.detail


def test_quote_and_bracket_checks():
    assert find_anomalies("f", "他说“好”和‘对’，I don’t know") == []
    assert [a.kind for a in find_anomalies("f", "说”好")] == ["unbalanced_quote"]
    assert [a.kind for a in find_anomalies("f", '说"好')] == ["unbalanced_quote"]
    assert find_anomalies("f", "（一）方案（2021—2025年）与《条例（试行）》，1）加强，a) 推进，一）落实") == []
    assert [a.text[:3] for a in find_anomalies("f", "基地（点，打造")] == ["（点，"]
    assert [a.detail for a in find_anomalies("f", "基地点）打造")] == ["） closes nothing"]
    assert [a.kind for a in find_anomalies("f", "方案(2021年）")] == []  # one pair in two widths


def test_broken_encoding_and_leftover_traditional_are_reported():
    tables = script_tables()
    assert "伕" in tables.traditional and t2s_edits("伕役") == []  # a traditional form t2s cannot convert
    norm = Normalizer()
    out = norm.text("f", "伕役\x07推进\ue001\ue002⾏动(cid:12)\ufffd", 5)
    assert out == "伕役\x07推进\ue001\ue002⾏动(cid:12)\ufffd"  # reported, never fixed
    got = [(a.kind, a.text, a.page) for a in norm.anomalies]
    assert got == [
        ("traditional_left", "伕", 5),
        ("control_char", "\x07", 5),
        ("private_use", "\ue001\ue002", 5),
        ("compat_char", "⾏", 5),
        ("broken_glyph", "(cid:12)", 5),
        ("broken_glyph", "\ufffd", 5),
    ]
    assert "U+2F8F" in norm.anomalies[3].detail and "行" in norm.anomalies[3].detail


def test_anomaly_page_is_the_page_of_the_offending_character():
    norm = Normalizer()
    norm.field("f", [line("第一页的内容，", page=7), line("第二页 and 内容", page=8)])
    assert [(a.kind, a.page) for a in norm.anomalies] == [("latin_word", 8)]


# ---- properties ------------------------------------------------------------------------------

# Common simplified characters, including some OpenCC also lists as traditional forms
# (覆 乾 于 只 后 里 干 系 发 台 面 制 征 么 借 了 复).
SIMPLIFIED = (
    "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学"
    "么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老"
    "因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感见明问力理尔点文几定本公特做外孩相西果走将月十实向声车全"
    "信重三机工物气每并别真打太新比才便夫再书部水像眼等体却加电主界门利海受听表德少克代员许先口由死安写性马光白或住"
    "难望教命花结乐色更拉东神记处让母父应直字场平报友关放至张认接告入笑内英军候民岁往何度山觉路带万男边风解叫任金快原"
    "吃妈变通师立象数四失满战远格士音轻目条呢病始达深完今提求清王化空业思切怎非找片罗钱南语元喜曾离飞科言干流欢约各即"
    "指合反题必该论交终林请医晚制球决传画保读运及则房早院量苦火布品近坐产答星精视五连司巴奇管类未朋且婚台夜青北队久"
    "乎越观落尽形影红爸百令周吧识步希亚术留市半热送兴造谈容极随演收首根讲整式取照办强石古华拿计您装似足双妻尼转诉米称"
    "丽客南领节衣站黑刻统断福城故历惊脸选包紧争另建维绝树系伤示愿持千史谁准联妇纪基买志静阿诗独复痛消社算义竟确酒需单治"
    "卡幸兰念举仅钟怕共毛句息功官待究跟穿室易游程号居考突皮哪费倒价图具刚脑永歌响商礼细专黄块脚味灵改据般破引食仍存众注"
    "覆乾征借督导落实青浦区域贯彻规范办质量组织开展幼园评估务优均衡聚焦党针双减项校疫防控热难责培训坚持育融合立德树根"
)
CJK_PUNCT = "，。、；：？！“”‘’（）《》〔〕【】—…·"


@given(st.text(alphabet=SIMPLIFIED + CJK_PUNCT, min_size=1, max_size=80))
@settings(max_examples=300, deadline=None)
def test_pure_simplified_cjk_text_is_untouched(text):
    norm = Normalizer()
    assert norm.text("f", text, 1) == text
    assert norm.changes == []


def test_the_simplified_pool_holds_no_certainly_traditional_character():
    assert not set(SIMPLIFIED) & script_tables().certain


ASCII_TOKEN = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=12)


@given(st.lists(ASCII_TOKEN, min_size=1, max_size=12))
@settings(max_examples=300, deadline=None)
def test_ascii_only_text_is_untouched(tokens):
    # printable ASCII tokens joined by single spaces, nothing leading or trailing
    text = " ".join(tokens)
    norm = Normalizer()
    assert norm.text("f", text, 1) == text
    assert norm.changes == []


MIXED = (
    SIMPLIFIED[:60] + CJK_PUNCT + "督導體制機製學實條乾於覆徵伕" + "abcXYZ0129.-+%" + ",;:()?!" + "  \t\u3000\n"
    + "\ue001⾏" + "«»ꎬ０"  # the glyph rule's code points (no font or measured glyphs here: guillemets only)
)


@given(st.text(alphabet=MIXED, max_size=60))
@settings(max_examples=500, deadline=None)
def test_normalization_is_idempotent(text):
    once = Normalizer().text("f", text, 1)
    again = Normalizer()
    assert again.text("f", once, 1) == once
    assert again.changes == []


@given(st.lists(st.text(alphabet=MIXED.replace("\n", ""), min_size=1, max_size=20), min_size=1, max_size=5))
@settings(max_examples=200, deadline=None)
def test_lines_and_text_agree_and_are_idempotent(parts):
    lines = [line(p.strip() or "中", top=100 + 30 * k) for k, p in enumerate(parts)]
    by_lines = Normalizer().field("f", lines)
    assert by_lines == Normalizer().text("f", "\n".join(ln.text for ln in lines), 1)
    assert Normalizer().text("f", by_lines, 1) == by_lines


# ---- the official PDF, judged by the gold ------------------------------------------------------

NUMERALS = "一二三四五六七八九十"
TABLE_COLUMNS = ("no", "task", "q1", "q2", "q3", "q4", "lead", "departments", "remark")


def _data_rows(parsed):
    """The key-task table's data rows (header rows, whose first cell is not a number, are skipped)."""
    for page in parsed.pages:
        for table in page.tables:
            for row in table.rows:
                if row[0] is not None and row[0].text.strip().isdigit():
                    yield page.number, row


def _normalize_document(parsed) -> tuple[Normalizer, str, list[dict[str, str]]]:
    """Every text field of the document: the body (all content lines, furniture excluded) as one
    field, and each table cell of every data row as one field."""
    norm = Normalizer()
    body = norm.field("body", [ln for page in parsed.pages for ln in page.lines])
    rows = []
    for _, row in _data_rows(parsed):
        no = row[0].text.strip()
        cells = zip(TABLE_COLUMNS, row, strict=True)
        rows.append({key: norm.field(f"key_tasks/rows/{no}/{key}", cell.lines) for key, cell in cells})
    return norm, body, rows


@pytest.fixture(scope="module")
def normalized(official_parsed):
    return _normalize_document(official_parsed)


def test_body_equals_the_gold_text(normalized, gold):
    """The whole normalized body is the gold's fields in reading order, nothing else but the
    masthead's 文件, the recipients' colon, the attachment note's label and the printed date."""
    _, body, _ = normalized
    notice, attachment = gold["notice"], gold["attachment"]
    expected = [notice["issuer"], notice["doc_number"], notice["title"], *notice["recipients"], *notice["body"],
                *notice["attachments"], attachment["label"], attachment["title"], attachment["preamble"]]
    for section in gold["sections"]:
        expected.append(f"{NUMERALS[section['no'] - 1]}、{section['title']}")
        expected += [f"{p['no']}.{p['title']}。{p['body']}" for p in section["points"]]
    expected.append(gold["key_tasks"]["title"])
    gaps, pos = [], 0
    for text in expected:
        found = body.find(text, pos)
        assert found >= 0, f"gold text not in the normalized body: {text[:40]}"
        gaps.append(body[pos:found])
        pos = found + len(text)
    gaps.append(body[pos:])
    assert [g for g in gaps if g] == ["文件", "：", "附件：", "2022年1月19日"]


def test_table_cells_equal_the_gold(normalized, gold):
    _, _, rows = normalized
    assert len(rows) == len(gold["key_tasks"]["rows"])
    for got, want in zip(rows, gold["key_tasks"]["rows"], strict=True):
        assert got["no"] == str(want["no"])
        for key in ("task", "q1", "q2", "q3", "q4", "lead"):
            assert got[key] == want[key], (want["no"], key)
        assert got["departments"] == "、".join(want["departments"])
        assert (got["remark"] or None) == want["remark"]


def test_published_text_counts_equal_the_gold(normalized, gold):
    """The gold counts the *published text*: notice, attachment, sections and key-task cells.

    Not counted: page furniture (``— 3 —`` would add two removed spaces per page,
    ``(此页无正文)`` two widened brackets), which is no text field; and the spaces the
    PDF inserts at glyph gaps (``2022 年``), logged apart as ``pdf_space_removed``.
    Header rows hold none of the three (they only rejoin broken lines), so counting
    them or not gives the same numbers. Two of the 21 published spaces sit at a line's
    end (``形成 ⏎ 1-2``, ``华为 ⏎ ICT``): they count only because the parse stage keeps them.
    """
    norm, _, _ = normalized
    counts = norm.counts()
    expected = gold["expected_normalization"]
    published = counts["published_text"]
    assert published.get("t2s", 0) == expected["t2s_chars"] == 154
    assert published.get("punct_width", 0) == expected["punct_width"] == 55
    assert published.get("space_removed", 0) == expected["spaces_removed"] == 21
    assert set(published) == {"t2s", "punct_width", "space_removed"}
    assert counts["pdf_layout"] == {"pdf_space_removed": 74}


def test_furniture_and_header_rows_would_not_change_the_counts_but_furniture_would(official_parsed):
    furniture = Normalizer()
    for page in official_parsed.pages:
        for k, ln in enumerate(page.furniture):
            furniture.field(f"furniture/{page.number}/{k}", [ln])
    assert furniture.counts()["published_text"]["punct_width"] == 2  # (此页无正文)
    headers = Normalizer()
    for page in official_parsed.pages:
        for table in page.tables:
            for row in table.rows:
                if row[0] is None or not row[0].text.strip().isdigit():
                    for cell in row:
                        if cell is not None:
                            headers.field(f"header/{page.number}/{cell.row}/{cell.col}", cell.lines)
    assert headers.changes == []


def test_only_traditional_characters_change_under_t2s(normalized, gold):
    norm, _, _ = normalized
    tables = script_tables()
    t2s = [c for c in norm.changes if c.rule == "t2s"]
    assert t2s and all(c.before in tables.certain and c.after not in tables.keys for c in t2s)
    assert {c.page for c in t2s} == {4, 5, 7, 16}  # points 4–5 and heading 二, 中小學生, task 1
    # normalizing the gold is the identity: no character of correct simplified text changes
    texts = [gold["notice"]["title"], *gold["notice"]["body"], gold["attachment"]["preamble"]]
    texts += [p[k] for s in gold["sections"] for p in s["points"] for k in ("title", "body")]
    texts += [r[k] for r in gold["key_tasks"]["rows"] for k in ("task", "q1", "q2", "q3", "q4", "lead")]
    again = Normalizer()
    for k, text in enumerate(texts):
        assert again.text(f"gold/{k}", text, 1) == text
    assert again.changes == []


def test_audit_log_accounts_for_every_character(official_parsed, normalized):
    """Per field: the PDF's characters, minus every change's before, plus its after, are the output's."""
    norm, body, rows = normalized
    by_field: dict[str, list] = {}
    for c in norm.changes:
        by_field.setdefault(c.field, []).append(c)

    def raw(lines):
        last = len(lines) - 1
        return "".join(ln.text + (" " if ln.trailing_space and k < last else "") for k, ln in enumerate(lines))

    fields = {"body": (raw([ln for p in official_parsed.pages for ln in p.lines]), body)}
    for (_, row), out in zip(_data_rows(official_parsed), rows, strict=True):
        no = row[0].text.strip()
        for key, cell in zip(TABLE_COLUMNS, row, strict=True):
            fields[f"key_tasks/rows/{no}/{key}"] = (raw(cell.lines), out[key])
    for name, (before, after) in fields.items():
        changes = by_field.get(name, [])
        tally = Counter(before)
        tally.subtract("".join(c.before for c in changes))
        tally.update("".join(c.after for c in changes))
        assert +tally == Counter(after), name


def test_every_change_has_page_and_box(normalized):
    norm, _, _ = normalized
    assert all(c.page >= 1 and c.box is not None for c in norm.changes)
    spaces = [c for c in norm.changes if c.rule == "pdf_space_removed"]
    assert all(c.before == " " and not c.published for c in spaces)


def test_anomalies_on_the_official_pdf(normalized):
    norm, _, _ = normalized
    got = [(a.field, a.page, a.kind, a.text) for a in norm.anomalies]
    assert got == [
        ("body", 4, "unbalanced_quote", "“党的教育方针贯彻落实“双减”“五项管理"),
        ("key_tasks/rows/12/q2", 19, "latin_word", "and"),
    ]


def test_cached_parse_keeps_line_end_spaces(official_parsed):
    cache = pytest.importorskip("extract.cache")
    again = cache.from_jsonable(cache.to_cache_json(official_parsed))
    ends = [ln.trailing_space for p in official_parsed.pages for ln in p.lines if ln.trailing_space]
    assert len(ends) == 2
    assert [ln.trailing_space for p in again.pages for ln in p.lines if ln.trailing_space] == ends


# ---- through the pipeline -------------------------------------------------------------------


def test_pipeline_reports_the_and_in_task_12(official_doc):
    hits = [a for a in official_doc.anomalies if a.kind == "latin_word"]
    assert [(a.field, a.page, a.text) for a in hits] == [("key_tasks/rows/12/q2", 19, "and")]


def test_pipeline_counts_and_anomalies_equal_the_gold(official_doc, gold):
    published = Counter(c.rule for c in official_doc.changes if c.published)
    expected = gold["expected_normalization"]
    assert published["t2s"] == expected["t2s_chars"]
    assert published["punct_width"] == expected["punct_width"]
    assert published["space_removed"] == expected["spaces_removed"]
    assert not any(c.field == "notice/doc_number" and c.rule == "space_removed" for c in official_doc.changes)
    quotes = [a for a in official_doc.anomalies if a.kind == "unbalanced_quote"]
    assert [(a.page, a.text[:7]) for a in quotes] == [(4, "“党的教育方针")]
    assert {a.kind for a in official_doc.anomalies} == {"unbalanced_quote", "latin_word"}
