"""Structure stage on short notices of the genre built here as PDFs (reportlab, STSong-Light).

Each case is a different office, layout and numbering, so nothing can lean on the
official document: a joint notice with a signature block, a Chinese-numeral date
and （此件公开发布）, an attachment without label numbered 一、/（一）/1、; a notice
with two attachments listed 1. 2. with a hanging wrapped name, 附件1 numbered
一、/1./(1)/① with points crossing a page break, a key-task table whose title must
not join the last point, and a 附件2 that is not part of the outline; a notice
without attachments with a 版记. Every field is checked.
"""

from __future__ import annotations

import pytest

from extract.parse.pdf import parse_pdf
from extract.pipeline import extract
from synth_notice import BOLD, HEI, KAI, RED, SONG, NoticePDF, Run

# ---- case A: joint notice, attachment without label, 一、/（一）/1、 -------------------------


def build_joint(path):
    pdf = NoticePDF(path)
    pdf.y = 110
    pdf.line("上海市某某区教育局", size=30, color=RED, x=110, advance=44)
    pdf.line("上海市某某区财政局", size=30, color=RED, x=110, advance=44)
    pdf.draw(400, pdf.y - 66, [Run("文件", SONG, RED)], 30)  # 文件 beside both names, centred between them
    pdf.line("某教联[2023]7号", align="center")
    pdf.rule()
    pdf.title("关于联合开展2023年度校园安全专项检查工作的通知")
    pdf.paragraph("各中小学校、各幼儿园，各有关单位：", indent=0)
    pdf.paragraph("为进一步加强校园安全管理，区教育局、区财政局决定联合开展专项检查。现将有关事项通知如下")
    pdf.paragraph("请各单位高度重视，认真组织自查，及时报送自查材料，确保各项工作落到实处。")
    pdf.paragraph("附件：2023年校园安全专项检查工作方案")
    pdf.skip(1)
    pdf.line("上海市某某区教育局", align="right", right_space=2)
    pdf.line("上海市某某区财政局", align="right", right_space=2)
    pdf.line("二〇二三年三月八日", align="right", right_space=4)
    pdf.paragraph("（此件公开发布）")
    pdf.new_page()
    pdf.title("2023年校园安全专项检查工作方案")
    pdf.paragraph("为切实做好校园安全专项检查工作，制定本方案。")
    pdf.paragraph("一、总体要求", font=HEI)
    pdf.paragraph("坚持安全第一、预防为主，全面排查校园安全隐患，确保师生安全。")
    pdf.paragraph("二、重点任务", font=HEI)
    pdf.paragraph([Run("（一）排查消防隐患。", KAI), Run("检查消防设施配备情况。")])
    pdf.paragraph([Run("1、"), Run("检查灭火器。", BOLD), Run("逐一核对有效期，过期的及时更换并做好登记台账。")])
    pdf.paragraph("2、检查疏散通道。确保通道畅通。")
    pdf.paragraph(
        [
            Run("（二）排查食品安全隐患。", KAI),
            Run("重点检查食堂从业人员健康证明和食品留样制度的落实情况，发现问题立即整改，整改不到位的严肃追责"),
        ]
    )
    pdf.paragraph("三、工作要求", font=HEI)
    pdf.paragraph([Run("（一）加强组织领导", KAI)])
    pdf.paragraph("各单位主要负责人是第一责任人，要亲自部署。")
    pdf.paragraph("分管负责人要具体落实。")
    return pdf.save()


@pytest.fixture(scope="module")
def joint(tmp_path_factory):
    return extract(build_joint(tmp_path_factory.mktemp("joint") / "joint.pdf"))


def test_joint_notice_fields(joint):
    n = joint.notice
    assert n.issuers == ["上海市某某区教育局", "上海市某某区财政局"]
    assert n.issuer == "上海市某某区教育局、上海市某某区财政局"
    assert n.doc_number == "某教联〔2023〕7号"
    assert n.title == "关于联合开展2023年度校园安全专项检查工作的通知"
    # one group per ，: the 、 enumeration inside a group is not split
    assert n.recipients == ["各中小学校、各幼儿园", "各有关单位"]
    assert n.body == [
        "为进一步加强校园安全管理，区教育局、区财政局决定联合开展专项检查。现将有关事项通知如下",
        "请各单位高度重视，认真组织自查，及时报送自查材料，确保各项工作落到实处。",
    ]
    assert n.attachments == ["2023年校园安全专项检查工作方案"]
    assert n.date == "2023-03-08"
    assert n.signature == "上海市某某区教育局、上海市某某区财政局"
    assert n.markers == ["（此件公开发布）"]
    assert set(n.where) == {
        "issuer", "doc_number", "title", "recipients", "body/0", "body/1", "attachments/0", "date", "signature",
        "markers/0",
    }  # fmt: skip
    assert [w.page for w in n.where["markers/0"]] == [w.page for w in n.where["date"]] == [1]


def test_joint_notice_doc_number_bracket_change_is_logged(joint):
    logged = [(c.before, c.after) for c in joint.changes if c.field == "notice/doc_number" and c.rule != "line_join"]
    assert ("[", "〔") in logged and ("]", "〕") in logged


def test_attachment_without_label(joint):
    a = joint.attachment
    assert a.label is None
    assert a.title == "2023年校园安全专项检查工作方案"
    assert a.preamble == "为切实做好校园安全专项检查工作，制定本方案。"


def test_levels_from_numbering_met_cn_paren_then_arabic_comma(joint):
    sections = joint.sections
    assert [(s.no, s.label, s.title) for s in sections] == [
        (1, "一、", "总体要求"),
        (2, "二、", "重点任务"),
        (3, "三、", "工作要求"),
    ]
    assert sections[0].body == "坚持安全第一、预防为主，全面排查校园安全隐患，确保师生安全。"
    assert sections[0].points == []
    first, second = sections[1].points
    assert (first.no, first.label, first.level, first.title, first.body) == (
        1, "（一）", 2, "排查消防隐患", "检查消防设施配备情况。",
    )  # fmt: skip
    assert [(c.no, c.label, c.level, c.title, c.body) for c in first.children] == [
        (1, "1、", 3, "检查灭火器", "逐一核对有效期，过期的及时更换并做好登记台账。"),
        (2, "2、", 3, "检查疏散通道", "确保通道畅通。"),
    ]
    assert (second.no, second.title, second.children) == (2, "排查食品安全隐患", [])
    # a paragraph that ends without 。 still ends
    assert second.body == "重点检查食堂从业人员健康证明和食品留样制度的落实情况，发现问题立即整改，整改不到位的严肃追责"
    (lead,) = sections[2].points
    # a heading on its own line: the title, then the following paragraphs as body
    assert (lead.no, lead.title) == (1, "加强组织领导")
    assert lead.body == "各单位主要负责人是第一责任人，要亲自部署。\n分管负责人要具体落实。"
    for section in sections:
        assert section.pages == [2]
        for point in section.points:
            assert point.pages == [2] and point.where and all(w.page == 2 for w in point.where)


# ---- case B: two attachments, 附件1 with 一、/1./(1)/①, a table, 附件2 -----------------------

POINT_LONG = (
    "推进课程教学改革。深化各学段课程教学改革，完善学生学业质量监测体系，推进新一轮学校课程领导力提升行动，"
    "实施义务教育项目化学习三年行动计划，打造凸显区域特色的创新创造综合课程群，探索拔尖人才早期识别、选拔、"
    "支持和发展机制，持续打造科技教育品牌项目，举办青少年科技创新大赛，成立科技项目联盟体，"
    "推进优秀教学成果推广应用。"
)


def build_two_attachments(path):
    pdf = NoticePDF(path)
    pdf.line("某某市教育委员会文件", size=34, color=RED, align="center", advance=70)
    pdf.line("某教委（2023）12号", align="center")
    pdf.rule()
    pdf.title("关于印发《某某市2023年教育工作要点》的通知")
    pdf.paragraph("各区教育局，市教委各直属单位：", indent=0)
    # 26 characters: the first line is full and ends with 。, yet the paragraph goes on
    pdf.paragraph("现将二〇二三年教育工作要点和工作任务清单印发给你们。请结合本单位实际认真贯彻落实。")
    pdf.paragraph("联系人：张老师，联系电话：12345678")
    pdf.paragraph("附件：1.某某市2023年教育工作要点")
    pdf.paragraph(
        "2.某某市2023年教育重点工作任务清单及各单位责任分工安排表", indent=5, hang=7
    )  # under “1.”, wrapped under the name
    pdf.skip(1)
    pdf.line("2023年2月1日", align="right", right_space=4)
    pdf.new_page()
    pdf.line("附件1", font=HEI)
    pdf.title("某某市2023年教育工作要点")
    pdf.paragraph("2023年是全面贯彻落实党的二十大精神的开局之年。")
    pdf.paragraph("全市教育系统要坚持稳中求进工作总基调，办好人民满意的教育。")
    pdf.paragraph("一、坚持立德树人，全面提高育人质量", font=HEI)
    pdf.paragraph([Run("1.健全思想政治工作长效机制。", BOLD), Run("一体化建设大中小学思政课。")])
    pdf.y = pdf.bottom - 2.5 * pdf.pitch  # point 2 starts two lines above the foot of the page
    pdf.paragraph([Run("2.", BOLD), Run(POINT_LONG[:9], BOLD), Run(POINT_LONG[9:])])
    pdf.paragraph("（1）深化小学低年段主题综合活动课程建设。")
    pdf.paragraph("（2）推进义务教育项目化学习。其中：")
    pdf.paragraph("①开展区级项目化学习展示活动。")
    pdf.paragraph("②评选项目化学习优秀案例。")
    pdf.paragraph("二、坚持改革创新，增强教育发展活力", font=HEI)
    pdf.paragraph([Run("1.深化教育评价改革。", BOLD), Run("落实新时代教育评价改革任务清单要求。")])
    pdf.paragraph([Run("2.推进教育数字化转型。", BOLD), Run("实施教育应用系统整合。")])
    # the key-task table on a landscape page, its title centred above it
    pdf.new_page(landscape=True)
    pdf.line("2023年某某市教育重点工作任务清单", font=HEI, x=(842 - 17 * 16 + 4 * 8) / 2 - 8, advance=22)
    pdf.line("（2023年1月修订）", font=KAI, size=12, x=(842 - 12 * 12) / 2)
    c = pdf.canvas
    c.setStrokeColorRGB(0, 0, 0)
    c.setLineWidth(0.5)
    x0, x1, top = 60.0, 780.0, 100.0
    rows = [top, top + 30, top + 60, top + 90]
    for y in rows:
        c.line(x0, 595.28 - y, x1, 595.28 - y)
    for x in (x0, 120.0, 500.0, x1):
        c.line(x, 595.28 - rows[0], x, 595.28 - rows[-1])
    pdf.draw(70, top + 8, [Run("序号")], 12)
    pdf.draw(130, top + 8, [Run("重点任务")], 12)
    pdf.draw(70, top + 38, [Run("1")], 12)
    pdf.draw(130, top + 38, [Run("推进课程改革")], 12)
    pdf.draw(70, top + 68, [Run("2")], 12)
    pdf.draw(130, top + 68, [Run("推进评价改革")], 12)
    pdf.new_page()
    pdf.line("附件2", font=HEI)
    pdf.title("某某市2023年教育重点工作任务清单说明")
    pdf.paragraph("一、本清单由市教委办公室负责解释。", font=HEI)
    return pdf.save()


@pytest.fixture(scope="module")
def two_attachments_pdf(tmp_path_factory):
    return build_two_attachments(tmp_path_factory.mktemp("two") / "two.pdf")


@pytest.fixture(scope="module")
def two(two_attachments_pdf):
    return extract(two_attachments_pdf)


def test_layout_preconditions(two_attachments_pdf):
    """The PDF really has what the tests below rely on."""
    parsed = parse_pdf(two_attachments_pdf)
    page1 = [line.text for line in parsed.pages[0].lines]
    assert "现将二〇二三年教育工作要点和工作任务清单印发给你们。" in page1  # a full line ending in 。
    assert any(t.startswith("2.某某市") for t in page1) and any(len(t) < 10 and "安排表" in t for t in page1)
    assert parsed.pages[3].tables  # the table page
    starts = [line.text for line in parsed.pages[2].lines]
    assert starts and not starts[0].startswith(("2.", "（", "①", "二、"))  # point 2 continues on page 3


def test_notice_with_two_attachments(two):
    n = two.notice
    assert n.issuers == ["某某市教育委员会"] and n.issuer == "某某市教育委员会"
    assert n.doc_number == "某教委〔2023〕12号"
    assert n.title == "关于印发《某某市2023年教育工作要点》的通知"
    assert n.recipients == ["各区教育局", "市教委各直属单位"]
    assert n.body == [
        "现将二〇二三年教育工作要点和工作任务清单印发给你们。请结合本单位实际认真贯彻落实。",
        "联系人：张老师，联系电话：12345678",
    ]
    assert n.attachments == ["某某市2023年教育工作要点", "某某市2023年教育重点工作任务清单及各单位责任分工安排表"]
    assert n.date == "2023-02-01"
    assert n.signature is None
    assert n.markers == []


def test_first_attachment_outline(two):
    a = two.attachment
    assert a.label == "附件1"
    assert a.title == "某某市2023年教育工作要点"
    assert a.preamble == (
        "2023年是全面贯彻落实党的二十大精神的开局之年。\n全市教育系统要坚持稳中求进工作总基调，办好人民满意的教育。"
    )
    s1, s2 = two.sections
    assert (s1.no, s1.title, s1.body) == (1, "坚持立德树人，全面提高育人质量", "")
    assert (s2.no, s2.title, s2.body) == (2, "坚持改革创新，增强教育发展活力", "")
    p1, p2 = s1.points
    assert (p1.no, p1.label, p1.title, p1.body, p1.children) == (
        1, "1.", "健全思想政治工作长效机制", "一体化建设大中小学思政课。", [],
    )  # fmt: skip
    title, body = POINT_LONG.split("。", 1)
    assert (p2.no, p2.title, p2.body) == (2, title, body)
    assert p2.pages == [2, 3]  # the paragraph goes on over the page break
    assert [w.page for w in p2.where] == [2, 3]
    assert p1.pages == [2] and s1.pages == [2, 3] and s2.pages == [3]
    (c1, c2) = p2.children
    assert (c1.no, c1.label, c1.level, c1.title, c1.body, c1.children) == (
        1, "（1）", 3, "深化小学低年段主题综合活动课程建设", "", [],
    )  # fmt: skip
    assert (c2.no, c2.level, c2.title, c2.body) == (2, 3, "推进义务教育项目化学习", "其中：")
    assert [(g.no, g.label, g.level, g.title, g.body) for g in c2.children] == [
        (1, "①", 4, "开展区级项目化学习展示活动", ""),
        (2, "②", 4, "评选项目化学习优秀案例", ""),
    ]
    # numbering restarts under the next section
    assert [(p.no, p.title, p.body) for p in s2.points] == [
        (1, "深化教育评价改革", "落实新时代教育评价改革任务清单要求。"),
        (2, "推进教育数字化转型", "实施教育应用系统整合。"),
    ]


def test_table_title_and_second_attachment_stay_out(two):
    last = two.sections[-1].points[-1]
    assert last.body == "实施教育应用系统整合。" and last.pages == [3]
    assert len(two.sections) == 2
    everything = [p.body for s in two.sections for p in s.points] + [s.title for s in two.sections]
    assert not any("解释" in text or "说明" in text or "修订" in text for text in everything)


# ---- case C: a notice without attachments, signature and 版记 --------------------------------------


def build_plain(path):
    pdf = NoticePDF(path)
    pdf.line("某某县人民政府办公室", size=30, color=RED, align="center", advance=60)
    pdf.line("某府办发〔2023〕3号", align="center")
    pdf.rule()
    pdf.title("关于做好2023年防汛工作的通知")
    pdf.paragraph("各乡镇人民政府，县政府各部门：", indent=0)
    pdf.paragraph("一、提高思想认识", font=HEI)
    pdf.paragraph("各单位要充分认识防汛工作的重要性。")
    pdf.paragraph("二、落实工作责任", font=HEI)
    pdf.paragraph("各单位主要负责同志要靠前指挥，值班人员要坚守岗位，确保信息畅通。")
    pdf.skip(1)
    pdf.line("某某县人民政府办公室", align="right", right_space=2)
    pdf.line("2023年5月6日", align="right", right_space=4)
    pdf.paragraph("（此件主动公开）")
    pdf.skip(2)
    pdf.rule((0, 0, 0))
    pdf.paragraph("抄送：县委办公室，县人大常委会办公室。", indent=1)
    pdf.line("某某县人民政府办公室        2023年5月6日印发", indent=1)
    return pdf.save()


def test_notice_without_attachments(tmp_path):
    doc = extract(build_plain(tmp_path / "plain.pdf"))
    n = doc.notice
    assert n.issuers == ["某某县人民政府办公室"]
    assert n.doc_number == "某府办发〔2023〕3号"
    assert n.title == "关于做好2023年防汛工作的通知"
    assert n.recipients == ["各乡镇人民政府", "县政府各部门"]
    assert n.body == [
        "一、提高思想认识",
        "各单位要充分认识防汛工作的重要性。",
        "二、落实工作责任",
        "各单位主要负责同志要靠前指挥，值班人员要坚守岗位，确保信息畅通。",
    ]
    assert n.attachments == []
    assert n.date == "2023-05-06"
    assert n.signature == "某某县人民政府办公室"
    assert n.markers == ["（此件主动公开）"]
    assert (doc.attachment.label, doc.attachment.title, doc.attachment.preamble) == (None, None, None)
    assert doc.sections == []


# ---- case D: a one-page notice of one-line paragraphs, side-by-side signature --------------------


def build_tiny(path):
    pdf = NoticePDF(path, page_numbers=False)
    pdf.line("000123", x=pdf.left)  # 份号
    pdf.line("特急", x=pdf.left)  # 紧急程度
    # 文件 on the first issuer's row, the second issuer under it
    pdf.draw(100, pdf.y, [Run("某某省教育厅", SONG, RED)], 30)
    pdf.draw(400, pdf.y + 20, [Run("文件", SONG, RED)], 30)
    pdf.y += 44
    pdf.line("某某省体育局", size=30, color=RED, x=100, advance=60)
    pdf.line("某教体(2024)15号", align="center")
    pdf.rule()
    pdf.title("关于举办全省中小学生运动会的通知", size=20)
    pdf.paragraph("各市教育局、体育局：", indent=0)
    pdf.paragraph("经研究，决定举办全省中小学生运动会。")
    pdf.paragraph("特此通知。")
    pdf.skip(1)
    pdf.line("某某省教育厅        某某省体育局", indent=2)
    pdf.line("二〇二四年四月一日", align="right", right_space=4)
    return pdf.save()


def test_tiny_notice(tmp_path):
    doc = extract(build_tiny(tmp_path / "tiny.pdf"))
    n = doc.notice
    assert n.issuers == ["某某省教育厅", "某某省体育局"]
    assert n.issuer == "某某省教育厅、某某省体育局"
    assert n.doc_number == "某教体〔2024〕15号"
    assert n.title == "关于举办全省中小学生运动会的通知"
    assert n.recipients == ["各市教育局、体育局"]
    assert n.body == ["经研究，决定举办全省中小学生运动会。", "特此通知。"]
    assert n.attachments == []
    assert n.date == "2024-04-01"
    assert n.signature == "某某省教育厅、某某省体育局"
    assert n.markers == []
    assert (doc.attachment.label, doc.attachment.title, doc.attachment.preamble, doc.sections) == (
        None, None, None, [],
    )  # fmt: skip
