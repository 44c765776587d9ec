"""The 公文 layouts beyond the GB/T 9704 notice with a 版头, each as a small PDF (reportlab, STSong-Light).

A copy republished on a website (title, then its number on a line of its own, no 版头, a date in
Chinese numerals); a 令 (XX令 / 第N号 / short text / 省长：… / date, then the 办法 it promulgates);
a 邀请函 with a salutation line; a 公告 whose number stands under its title; organs side by side
in the 版头 and the 署名 (in a row, and in a grid); a notice signed without number or date whose
first attachment is a form.
"""

from __future__ import annotations

from extract.model import OutlineNode
from extract.parse import ParseOptions
from extract.pipeline import extract
from synth_notice import BOLD, HEI, KAI, RED, SONG, NoticePDF, Run


def _headings(nodes: list[OutlineNode]) -> list[tuple[int, str, str]]:
    out = []
    for node in nodes:
        out.append((node.level, node.label, node.title))
        out.extend(_headings(node.children))
    return out


def build_republished(path):
    pdf = NoticePDF(path)
    pdf.title("某某省人民政府办公厅关于加强农村公路养护管理的通知")
    pdf.line("某政办发[2011]12号", align="center")
    pdf.skip(0.5)
    pdf.paragraph("各市、县、自治县人民政府，省政府直属各单位：", indent=0)
    pdf.paragraph("为加强农村公路养护管理，经省政府同意，现就有关事项通知如下：")
    pdf.paragraph("一、明确养护责任", font=HEI)
    pdf.paragraph("各市县人民政府是农村公路养护管理的责任主体。")
    pdf.paragraph("二、落实养护资金", font=HEI)
    pdf.paragraph("各级财政要将农村公路养护资金纳入预算。")
    pdf.skip(1)
    pdf.line("某某省人民政府办公厅", align="right", right_space=2)
    pdf.line("二○一一年三月五日", align="right", right_space=4)
    return pdf.save()


def build_order(path):
    pdf = NoticePDF(path)
    pdf.title("某某省人民政府令", size=26)
    pdf.line("第215号", align="center")
    pdf.skip(0.5)
    pdf.paragraph(
        "《某某省农村公路条例实施办法》已经2019年3月1日省人民政府第30次常务会议通过，现予公布，自2019年5月1日起施行。"
    )
    pdf.skip(0.5)
    pdf.line("省长：张某某", align="right", right_space=4)
    pdf.line("2019年3月8日", align="right", right_space=4)
    pdf.new_page()
    pdf.title("某某省农村公路条例实施办法")
    pdf.line("第一章　总则", align="center", font=HEI)
    pdf.paragraph("第一条　为了加强农村公路管理，根据有关法律法规，结合本省实际，制定本办法。")
    pdf.paragraph("第二条　本省行政区域内农村公路的规划、建设、养护和管理，适用本办法。")
    pdf.line("第二章　养护管理", align="center", font=HEI)
    pdf.paragraph("第三条　县级人民政府负责本行政区域内农村公路的养护。")
    pdf.paragraph("第四条　本办法自2019年5月1日起施行。")
    return pdf.save()


def build_letter(path):
    pdf = NoticePDF(path)
    pdf.line("某某市农业农村局", size=30, color=RED, align="center", advance=60)
    pdf.line("某农函〔2024〕21号", align="center")
    pdf.rule()
    pdf.title("关于参加2024年农业科技交流会的邀请函")
    pdf.paragraph("尊敬的某某大学农学院：", indent=0)
    pdf.paragraph("为促进农业科技成果转化，我局定于2024年5月举办农业科技交流会，诚邀贵单位派员参加。")
    pdf.paragraph("特此函告。")
    pdf.skip(1)
    pdf.line("某某市农业农村局", align="right", right_space=2)
    pdf.line("2024年4月10日", align="right", right_space=4)
    return pdf.save()


def build_gonggao(path):
    pdf = NoticePDF(path)
    pdf.title("某某市人民政府公告")
    pdf.line("某府公告〔2019〕8号", align="center")
    pdf.skip(0.5)
    pdf.paragraph("根据有关规定，现将某某路段交通管制事项公告如下：")
    pdf.paragraph("一、管制时间为2019年6月1日至6月30日。")
    pdf.paragraph("二、管制期间车辆绕行。")
    pdf.paragraph("特此公告。")
    pdf.skip(1)
    pdf.line("某某市人民政府", align="right", right_space=2)
    pdf.line("2019年5月20日", align="right", right_space=4)
    return pdf.save()


def build_side_by_side(path):
    pdf = NoticePDF(path)
    pdf.line([Run("某某省教育厅", SONG, RED)], x=90, size=26, advance=0)
    pdf.line([Run("某某省财政厅", SONG, RED)], x=330, size=26, advance=40)
    pdf.line([Run("某某省人力资源和社会保障厅", SONG, RED)], align="center", size=26, advance=44)
    pdf.line("某教发〔2024〕5号", align="center")
    pdf.rule()
    pdf.title("关于做好2024年高校毕业生就业工作的通知")
    pdf.paragraph("各市教育局、财政局、人力资源和社会保障局：", indent=0)
    pdf.paragraph("为做好高校毕业生就业工作，现将有关事项通知如下。")
    pdf.skip(1)
    pdf.line("某某省教育厅", x=100, advance=0)
    pdf.line("某某省财政厅", x=330, advance=pdf.pitch)
    pdf.line("某某省人力资源和社会保障厅", align="right", right_space=2)
    pdf.line("2024年3月1日", align="right", right_space=4)
    return pdf.save()


def build_undated(path):
    pdf = NoticePDF(path)
    pdf.title("关于开展2024年度安全生产检查的通知")
    pdf.paragraph("各有关单位：", indent=0)
    pdf.paragraph("为做好安全生产工作，决定开展年度检查，请按附件要求填报。")
    pdf.paragraph("附件：1．安全生产检查登记表")
    pdf.line("2．安全生产检查工作方案", indent=5)
    pdf.skip(1)
    pdf.line("某某县应急管理局", align="right", right_space=2)
    pdf.new_page()
    pdf.line("附件1", font=HEI)
    pdf.title("安全生产检查登记表")
    pdf.line("单位名称                    负责人")
    pdf.new_page()
    pdf.line("附件2", font=HEI)
    pdf.title("安全生产检查工作方案")
    pdf.paragraph("一、检查范围", font=HEI)
    pdf.paragraph("全县各类生产经营单位。")
    pdf.paragraph("二、检查内容", font=HEI)
    pdf.paragraph("安全生产责任制落实情况。")
    return pdf.save()


def build_grid(path):
    pdf = NoticePDF(path)
    pdf.line([Run("某某省教育厅    某某省财政厅", SONG, RED)], x=90, size=26, advance=40)
    pdf.line([Run("某某省科学技术厅    某某省民政厅", SONG, RED)], x=90, size=26, advance=0)
    pdf.draw(480, pdf.y - 20, [Run("文件", SONG, RED)], 26)
    pdf.y += 44
    pdf.line("某教发〔2024〕6号", align="center")
    pdf.rule()
    pdf.title("关于做好2024年科普工作的通知")
    pdf.paragraph("各市教育局：", indent=0)
    pdf.paragraph("为做好科普工作，现将有关事项通知如下。")
    pdf.skip(1)
    pdf.line("某某省教育厅   某某省财政厅", align="right", right_space=2)
    pdf.line("某某省科学技术厅      某某省民政厅", align="right", right_space=2)
    pdf.line("2024年3月1日", align="right", right_space=4)
    return pdf.save()


def test_republished_copy(tmp_path):
    n = extract(build_republished(tmp_path / "republished.pdf"), enrich=False).notice
    assert n.title == "某某省人民政府办公厅关于加强农村公路养护管理的通知"
    assert n.doc_number == "某政办发〔2011〕12号"
    assert n.recipients == ["各市、县、自治县人民政府", "省政府直属各单位"]
    assert n.date == "2011-03-05"
    assert n.issuers == n.signatures == ["某某省人民政府办公厅"]


def test_republished_copy_with_its_title_in_the_body_size(tmp_path):
    """A web page's copy: the title bold in the body's size over two lines, then its number."""
    pdf = NoticePDF(tmp_path / "webcopy.pdf")
    pdf.line("某某省人民政府办公厅关于加强农村公路", align="center", font=BOLD)
    pdf.line("养护管理的通知", align="center", font=BOLD)
    pdf.line("某政办发〔2011〕12号", align="center")
    pdf.paragraph("各市、县、自治县人民政府，省政府直属各单位：", indent=0)
    pdf.paragraph("为加强农村公路养护管理，经省政府同意，现就有关事项通知如下：")
    pdf.paragraph("一、明确养护责任", font=HEI)
    pdf.paragraph("各市县人民政府是农村公路养护管理的责任主体。")
    pdf.line("某某省人民政府办公厅", align="right", right_space=2)
    pdf.line("二○一一年三月五日", align="right", right_space=4)
    n = extract(pdf.save(), enrich=False).notice
    assert n.title == "某某省人民政府办公厅关于加强农村公路养护管理的通知" and n.genre == "通知"
    assert (n.doc_number, n.date) == ("某政办发〔2011〕12号", "2011-03-05")
    assert n.recipients == ["各市、县、自治县人民政府", "省政府直属各单位"]
    assert n.issuers == ["某某省人民政府办公厅"]
    assert n.body[0] == "为加强农村公路养护管理，经省政府同意，现就有关事项通知如下："


def test_republished_copy_without_signature_has_no_issuer(tmp_path):
    pdf = NoticePDF(tmp_path / "unsigned.pdf")
    pdf.title("某某市交通运输局关于做好春运工作的通知")
    pdf.line("某交发［2020］3号", align="center")
    pdf.paragraph("各区交通运输局：", indent=0)
    pdf.paragraph("请认真做好春运各项工作，确保旅客出行安全。")
    pdf.line("2020年1月6日", align="right", right_space=4)
    n = extract(pdf.save(), enrich=False).notice
    assert (n.doc_number, n.recipients, n.date) == ("某交发〔2020〕3号", ["各区交通运输局"], "2020-01-06")
    assert n.issuers == [] and n.issuer is None  # never guessed from the title's words


def test_order_and_the_rules_it_promulgates(tmp_path):
    doc = extract(build_order(tmp_path / "order.pdf"), enrich=False)
    n = doc.notice
    assert (n.genre, n.doc_number, n.date) == ("令", "第215号", "2019-03-08")
    assert n.issuers == ["某某省人民政府"] and n.signatures == ["省长：张某某"]
    assert n.body == [
        "《某某省农村公路条例实施办法》已经2019年3月1日省人民政府第30次常务会议通过，现予公布，自2019年5月1日起施行。"
    ]
    [part] = [p for p in doc.outline if p.part == "attachment 1"]
    assert part.title == "某某省农村公路条例实施办法"
    assert _headings(part.nodes) == [
        (1, "第一章", "总则"), (2, "第一条", ""), (2, "第二条", ""),
        (1, "第二章", "养护管理"), (2, "第三条", ""), (2, "第四条", ""),
    ]  # fmt: skip


def test_order_signed_with_the_office_set_apart(tmp_path):
    pdf = NoticePDF(tmp_path / "order2.pdf")
    pdf.title("中华人民共和国某某部令", size=26)
    pdf.line("第 12 号", align="center")
    pdf.paragraph("《某某管理规定》已经2020年5月6日部务会议审议通过，现予公布，自2020年7月1日起施行。")
    pdf.line("部长　　王某某", align="right", right_space=4)
    pdf.line("2020年5月20日", align="right", right_space=4)
    pdf.new_page()
    pdf.title("某某管理规定")
    pdf.paragraph("第一条　为了规范某某管理，制定本规定。")
    pdf.paragraph("第二条　本规定自2020年7月1日起施行。")
    doc = extract(pdf.save(), enrich=False)
    n = doc.notice
    assert (n.genre, n.doc_number, n.date) == ("令", "第12号", "2020-05-20")
    assert n.issuers == ["中华人民共和国某某部"] and n.signatures == ["部长王某某"]
    [part] = [p for p in doc.outline if p.part == "attachment 1"]
    assert part.title == "某某管理规定" and _headings(part.nodes) == [(1, "第一条", ""), (1, "第二条", "")]


def test_letter_salutation_is_the_recipient(tmp_path):
    n = extract(build_letter(tmp_path / "letter.pdf"), enrich=False).notice
    assert n.title == "关于参加2024年农业科技交流会的邀请函" and n.genre == "函"
    assert n.recipients == ["某某大学农学院"]
    assert n.doc_number == "某农函〔2024〕21号"


def test_letter_title_in_body_size_ends_before_the_salutation(tmp_path):
    pdf = NoticePDF(tmp_path / "reply.pdf")
    pdf.line("关于某某事项的复函", align="center", font=HEI)
    pdf.line("尊敬的某某区人民政府：", font=HEI, indent=2)
    pdf.paragraph("来函收悉。经研究，同意你区所请事项。")
    pdf.line("某某市发展和改革委员会", align="right", right_space=2)
    pdf.line("2024年6月3日", align="right", right_space=4)
    n = extract(pdf.save(), enrich=False).notice
    assert n.title == "关于某某事项的复函" and n.recipients == ["某某区人民政府"]
    assert n.body == ["来函收悉。经研究，同意你区所请事项。"]


def test_announcement_number_under_its_title(tmp_path):
    n = extract(build_gonggao(tmp_path / "gonggao.pdf"), enrich=False).notice
    assert (n.title, n.genre, n.doc_number) == ("某某市人民政府公告", "公告", "某府公告〔2019〕8号")
    assert n.issuers == ["某某市人民政府"] and n.date == "2019-05-20"
    pdf = NoticePDF(tmp_path / "gonggao2.pdf")
    pdf.title("某某省市场监督管理局公告")
    pdf.line("某某省市场监督管理局公告2019年第8号", align="center")
    pdf.paragraph("现将有关事项公告如下。")
    pdf.line("某某省市场监督管理局", align="right", right_space=2)
    pdf.line("2019年5月20日", align="right", right_space=4)
    n = extract(pdf.save(), enrich=False).notice
    assert n.doc_number == "某某省市场监督管理局公告2019年第8号" and n.issuers == ["某某省市场监督管理局"]


def test_organs_side_by_side(tmp_path):
    organs = ["某某省教育厅", "某某省财政厅", "某某省人力资源和社会保障厅"]
    n = extract(build_side_by_side(tmp_path / "side.pdf"), enrich=False).notice
    assert n.issuers == organs and n.signatures == organs
    grid = ["某某省教育厅", "某某省财政厅", "某某省科学技术厅", "某某省民政厅"]
    n = extract(build_grid(tmp_path / "grid.pdf"), enrich=False).notice
    assert n.issuers == grid and n.signatures == grid


def test_notice_signed_without_number_or_date(tmp_path):
    doc = extract(build_undated(tmp_path / "undated.pdf"), enrich=False)
    n = doc.notice
    assert (n.doc_number, n.date) == (None, None)
    assert n.issuers == n.signatures == ["某某县应急管理局"]
    assert n.attachments == ["安全生产检查登记表", "安全生产检查工作方案"]
    parts = {p.part: p for p in doc.outline}
    assert parts["attachment 1"].title == "安全生产检查登记表"
    assert parts["attachment 2"].title == "安全生产检查工作方案"
    assert _headings(parts["attachment 2"].nodes) == [(1, "一、", "检查范围"), (1, "二、", "检查内容")]


def test_an_attachment_printed_as_an_image_only(tmp_path):
    """附件1 is a form printed as a picture (no text, no label to cut at): 附件2 after it is still
    ``attachment 2``, with its outline, and the 附件说明 lists both."""
    import numpy as np
    from PIL import Image

    form = np.full((800, 600, 3), 255, np.uint8)
    form[100:650:50, 50:550] = 0  # the form's rules
    form[100:650, [50, 300, 549]] = 0
    Image.fromarray(form).save(tmp_path / "form.png")
    pdf = NoticePDF(tmp_path / "image-form.pdf")
    pdf.title("关于开展2024年度安全生产检查的通知")
    pdf.paragraph("各有关单位：", indent=0)
    pdf.paragraph("为做好安全生产工作，决定开展年度检查，请按附件要求填报。")
    pdf.paragraph("附件：1．安全生产检查登记表")
    pdf.line("2．安全生产检查工作方案", indent=5)
    pdf.skip(1)
    pdf.line("某某县应急管理局", align="right", right_space=2)
    pdf.new_page()
    pdf.canvas.drawImage(str(tmp_path / "form.png"), 40, 40, 515, 760)
    pdf.new_page()
    pdf.line("附件2", font=HEI)
    pdf.title("安全生产检查工作方案")
    pdf.paragraph("一、检查范围", font=HEI)
    pdf.paragraph("全县各类生产经营单位。")
    # the picture holds no text: no need to read it
    doc = extract(pdf.save(), enrich=False, options=ParseOptions(ocr="never"))
    assert doc.parsed.pages[1].no_usable_text
    assert doc.notice.attachments == ["安全生产检查登记表", "安全生产检查工作方案"]
    assert doc.notice.issuers == ["某某县应急管理局"]
    [part] = [p for p in doc.outline if p.part.startswith("attachment")]
    assert (part.part, part.label, part.title) == ("attachment 2", "附件2", "安全生产检查工作方案")
    assert _headings(part.nodes) == [(1, "一、", "检查范围")]


def test_order_whose_mark_is_printed_as_a_red_header(tmp_path):
    pdf = NoticePDF(tmp_path / "red-order.pdf")
    pdf.line("中华人民共和国主席令", align="center", size=30, color=RED, advance=50)
    pdf.line("第六十九号", align="center")
    pdf.skip(0.5)
    pdf.paragraph(
        "《中华人民共和国某某法》已由全国人民代表大会常务委员会于2020年6月20日通过，现予公布，自2020年10月1日起施行。"
    )
    pdf.line("中华人民共和国主席　习某某", align="right", right_space=4)
    pdf.line("2020年6月20日", align="right", right_space=4)
    pdf.new_page()
    pdf.title("中华人民共和国某某法")
    pdf.line("第一章　总则", align="center", font=HEI)
    pdf.paragraph("第一条　为了规范某某管理，制定本法。")
    pdf.paragraph("第二条　本法自2020年10月1日起施行。")
    doc = extract(pdf.save(), enrich=False)
    n = doc.notice
    assert (n.title, n.genre, n.doc_number, n.date) == ("中华人民共和国主席令", "令", "第六十九号", "2020-06-20")
    assert n.issuers == ["中华人民共和国主席"] and n.signatures == ["中华人民共和国主席习某某"]
    [part] = [p for p in doc.outline if p.part == "attachment 1"]
    assert part.title == "中华人民共和国某某法"
    assert _headings(part.nodes) == [(1, "第一章", "总则"), (2, "第一条", ""), (2, "第二条", "")]


def test_an_attachment_labelled_and_titled_on_one_line_above_its_table(tmp_path):
    """WPS sets an attachment's first line as ``附件1 title`` in 楷体 at the body size, straight above a
    captioned table, with no 附件说明 in the notice: the line opens attachment 1 (label and title),
    and is neither the table's title nor left unread."""
    pdf = NoticePDF(tmp_path / "labelled-title.pdf")
    pdf.title("关于开展基础软件测试工作的通知")
    pdf.paragraph("各成员单位：", indent=0)
    pdf.paragraph("为提升成员单位产品质量，决定开展首批测试，请按附件安排做好准备。")
    pdf.skip(1)
    pdf.line("某某联盟秘书处", align="right", right_space=2)
    pdf.line("2017年9月6日", align="right", right_space=4)
    pdf.new_page()
    pdf.line([Run("附件1 软件测试工作安排", KAI)], x=pdf.left)
    pdf.skip(0.3)
    pdf.line([Run("表1 软件测试工作安排", HEI)], align="center")
    c, height = pdf.canvas, pdf.page_size[1]
    top, row, columns = pdf.y + 6, 30.0, [pdf.left, pdf.left + 120, pdf.left + 300, pdf.right]
    cells = [["阶段", "工作内容", "时间"], ["申请", "提交申请材料", "9月"], ["测试", "第三方测试", "10月"]]
    for r in range(len(cells) + 1):
        c.line(columns[0], height - top - r * row, columns[-1], height - top - r * row)
    for x in columns:
        c.line(x, height - top, x, height - top - len(cells) * row)
    for r, texts in enumerate(cells):
        for k, text in enumerate(texts):
            pdf.draw(columns[k] + 6, top + r * row + 8, [Run(text)], 14)
    doc = extract(pdf.save(), enrich=False)
    [part] = [p for p in doc.outline if p.part.startswith("attachment")]
    assert (part.part, part.label, part.title) == ("attachment 1", "附件1", "软件测试工作安排")
    assert doc.notice.date == "2017-09-06"
    [table] = doc.tables
    assert (table.label, table.title) == ("表1", "软件测试工作安排")
    from extract.export.quality import coverage

    assert coverage(doc).unassigned == []
