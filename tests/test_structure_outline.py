"""The document's outline on notices built here as PDFs: one part per text, every numbering style.

* an 意见 without attachment whose own body carries 一、/（一）/1. (run-in headings split
  into title and body);
* a 公告 followed, on the same page and without a 附件 label, by the regulation it
  promulgates: a 目录, 第一章/第一条, a 【caption】, （一） items inside an article, 款
  as paragraphs of the article's body;
* a 通知 whose 实施方案 follows on the same page without a label (attachment 1), and a
  附件 with a decimal 1./1.1/1.1.1 catalogue (attachment 2);
* a law set in two columns, without a notice (all ``body``), an article crossing the
  columns and a chapter heading wrapped in its column;
* three attachments without labels: after the notice's date, after the first one's
  closing date, and at the top of a page.

Each document's outline is checked heading by heading, its outline.csv row by row, and
its coverage account (every heading's text claimed, nothing claimed twice in one view).
"""

from __future__ import annotations

import csv

import pytest

from extract.export import write_outputs
from extract.export.quality import coverage
from extract.model import OutlineNode, OutlinePart
from extract.pipeline import extract
from synth_notice import BOLD, HEI, KAI, SONG, NoticePDF, Run, register_fonts, width_of


def flat(nodes: list[OutlineNode]) -> list[tuple[int, str, int, str]]:
    out = []
    for node in nodes:
        out.append((node.level, node.label, node.no, node.title))
        out.extend(flat(node.children))
    return out


def part(doc, name: str) -> OutlinePart:
    [found] = [p for p in doc.outline if p.part == name]
    return found


def assert_all_claimed(doc) -> None:
    cov = coverage(doc)
    assert cov.unassigned == [], [(u.page, u.text) for u in cov.unassigned[:5]]
    assert cov.multiply_assigned_chars == 0


# ---- an 意见 whose body carries the outline ----------------------------------------------


def build_opinion(path):
    pdf = NoticePDF(path)
    pdf.y = 140
    pdf.title("某某市农业农村局关于推进农机补贴工作的意见")
    pdf.paragraph("各区农业农村委：", indent=0)
    pdf.paragraph("为推进农机补贴政策落实，现提出如下意见。")
    pdf.paragraph("一、总体要求", font=HEI)
    pdf.paragraph("坚持稳中求进，确保政策平稳实施。")
    pdf.paragraph("二、主要任务", font=HEI)
    pdf.paragraph([Run("（一）建立协作机制。", KAI), Run("综合考虑各地实际，分区推进补贴工作。")])
    pdf.paragraph([Run("1.", BOLD), Run("完善遴选办法。", BOLD), Run("每年组织一次评审，结果向社会公开。")])
    pdf.paragraph([Run("2.", BOLD), Run("加强信息公开。", BOLD), Run("及时公布补贴情况。")])
    pdf.paragraph([Run("（二）健全退出机制。", KAI)])
    pdf.paragraph("对技术落后的机具逐步退出补贴范围。")
    pdf.paragraph("三、保障措施", font=HEI)
    pdf.paragraph("各区要加强组织领导，抓好落实。")
    pdf.skip(1)
    pdf.line("某某市农业农村局", align="right", right_space=2)
    pdf.line("2025年1月23日", align="right", right_space=3)
    return pdf.save()


@pytest.fixture(scope="module")
def opinion(tmp_path_factory):
    return extract(build_opinion(tmp_path_factory.mktemp("opinion") / "opinion.pdf"), enrich=False)


def test_body_part_carries_the_outline(opinion):
    assert [p.part for p in opinion.outline] == ["body"]
    body = part(opinion, "body")
    assert body.title == opinion.notice.title
    assert body.preamble == "为推进农机补贴政策落实，现提出如下意见。"
    assert flat(body.nodes) == [
        (1, "一、", 1, "总体要求"),
        (1, "二、", 2, "主要任务"),
        (2, "（一）", 1, "建立协作机制"),
        (3, "1.", 1, "完善遴选办法"),
        (3, "2.", 2, "加强信息公开"),
        (2, "（二）", 2, "健全退出机制"),
        (1, "三、", 3, "保障措施"),
    ]
    assert opinion.sections == []  # no attachment: the legacy view stays empty


def test_run_in_heading_split_into_title_and_body(opinion):
    first = part(opinion, "body").nodes[1].children[0]
    assert (first.title, first.body) == ("建立协作机制", "综合考虑各地实际，分区推进补贴工作。")
    assert first.children[0].body == "每年组织一次评审，结果向社会公开。"
    own_line = part(opinion, "body").nodes[1].children[1]
    assert (own_line.title, own_line.body) == ("健全退出机制", "对技术落后的机具逐步退出补贴范围。")


def test_body_outline_is_the_notice_body_seen_as_a_tree(opinion):
    # Its text was normalized once, under the notice's field names.
    fields = {c.field for c in opinion.changes}
    assert not any(f.startswith("outline/body") for f in fields)
    assert_all_claimed(opinion)


# ---- a 公告 and the regulation it promulgates ----------------------------------------------


def build_regulation(path):
    pdf = NoticePDF(path)
    pdf.y = 120
    pdf.title("某某市人民代表大会常务委员会公告")
    pdf.line("（第5号）", align="center")
    pdf.paragraph("《某某市河道管理条例》已由某某市人民代表大会常务委员会第九次会议通过，现予公布，自2024年1月1日起施行。")
    pdf.skip(1)
    pdf.line("某某市人民代表大会常务委员会", align="right", right_space=2)
    pdf.line("2023年10月20日", align="right", right_space=4)
    pdf.skip(1)
    pdf.title("某某市河道管理条例")
    pdf.line("目　　录", align="center")
    pdf.line("第一章　总　　则", indent=2)
    pdf.line("第二章　河道保护", indent=2)
    pdf.line("第一章　总　　则", align="center")
    pdf.paragraph("第一条　为了加强河道管理，保障防洪安全，根据有关法律、行政法规，结合本市实际，制定本条例。")
    pdf.paragraph("第二条　【适用范围】本市行政区域内河道的整治、利用和保护，适用本条例。")
    pdf.paragraph("第三条　河道管理遵循下列原则：")
    pdf.paragraph("（一）统筹规划；")
    pdf.paragraph("（二）保护优先。")
    pdf.paragraph("市水务部门负责本条例的组织实施。")
    pdf.line("第二章　河道保护", align="center")
    pdf.paragraph("第四条　禁止在河道管理范围内倾倒垃圾。")
    pdf.paragraph("第五条　有下列行为之一的，由水务部门责令改正：")
    pdf.paragraph("（一）擅自填堵河道的；")
    pdf.paragraph("（二）损毁堤防的。")
    return pdf.save()


@pytest.fixture(scope="module")
def regulation(tmp_path_factory):
    return extract(build_regulation(tmp_path_factory.mktemp("reg") / "reg.pdf"), enrich=False)


def test_promulgated_regulation_is_attachment_1(regulation):
    assert [p.part for p in regulation.outline] == ["body", "attachment 1"]
    reg = part(regulation, "attachment 1")
    assert reg.label is None and reg.title == "某某市河道管理条例"
    assert flat(part(regulation, "body").nodes) == []
    assert flat(reg.nodes) == [
        (1, "第一章", 1, "总则"),
        (2, "第一条", 1, ""),
        (2, "第二条", 2, "适用范围"),
        (2, "第三条", 3, ""),
        (3, "（一）", 1, "统筹规划；"),
        (3, "（二）", 2, "保护优先"),
        (1, "第二章", 2, "河道保护"),
        (2, "第四条", 4, ""),
        (2, "第五条", 5, ""),
        (3, "（一）", 1, "擅自填堵河道的；"),
        (3, "（二）", 2, "损毁堤防的"),
    ]


def test_table_of_contents_is_preamble_not_outline(regulation):
    reg = part(regulation, "attachment 1")
    assert reg.preamble is not None and reg.preamble.startswith("目录")
    assert "第二章河道保护" in reg.preamble.replace("\n", "")


def test_article_text_is_its_body_with_its_paragraphs(regulation):
    chapter = part(regulation, "attachment 1").nodes[0]
    first, captioned, listing = chapter.children
    assert first.body.startswith("为了加强河道管理") and first.body.endswith("制定本条例。")
    assert captioned.body == "本市行政区域内河道的整治、利用和保护，适用本条例。"
    # the 款 after the items is the article's, not the last item's
    assert listing.body == "河道管理遵循下列原则：\n市水务部门负责本条例的组织实施。"
    assert [item.body for item in listing.children] == ["", ""]
    assert_all_claimed(regulation)


def test_regulation_gives_the_legacy_sections_too(regulation):
    assert [(s.no, s.label, s.title) for s in regulation.sections] == [(1, "第一章", "总则"), (2, "第二章", "河道保护")]
    assert regulation.attachment.title == "某某市河道管理条例"


# ---- an implementation plan without label, and a catalogue with decimal numbering ----------


def build_plan_and_catalogue(path):
    pdf = NoticePDF(path)
    pdf.y = 120
    pdf.title("某某省农业农村厅关于印发农机补贴实施方案的通知")
    pdf.paragraph("各市农业农村局：", indent=0)
    pdf.paragraph("现将《农机补贴实施方案》印发给你们，请遵照执行。")
    pdf.line("某某省农业农村厅", align="right", right_space=2)
    pdf.line("2024年7月1日", align="right", right_space=3)
    pdf.title("农机补贴实施方案")
    pdf.paragraph("一、总体要求", font=HEI)
    pdf.paragraph("稳定实施政策，充分发挥效益。")
    pdf.paragraph("二、补贴范围", font=HEI)
    pdf.paragraph("（一）常规机具")
    pdf.paragraph("全省补贴范围见附件。")
    pdf.paragraph("附件：农机补贴机具种类范围")
    pdf.new_page()
    pdf.line("附件", font=HEI)
    pdf.title("农机补贴机具种类范围")
    pdf.line("（2大类3个小类4个品目）", align="center")
    pdf.line("1.耕整地机械", indent=2)
    pdf.line("1.1 耕地机械", indent=2.7)
    pdf.line("1.1.1 犁", indent=3.4)
    pdf.line("1.1.2 旋耕机", indent=3.4)
    pdf.line("1.2 整地机械", indent=2.7)
    pdf.line("1.2.1 起垄机", indent=3.4)
    pdf.line("2.收获机械", indent=2)
    pdf.line("2.1 谷物收获机械", indent=2.7)
    pdf.line("2.1.1 谷物联合收割机", indent=3.4)
    return pdf.save()


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    return extract(build_plan_and_catalogue(tmp_path_factory.mktemp("plan") / "plan.pdf"), enrich=False)


def test_unlabelled_plan_on_the_notice_page_is_attachment_1(plan):
    assert [p.part for p in plan.outline] == ["body", "attachment 1", "attachment 2"]
    first = part(plan, "attachment 1")
    assert first.label is None and first.title == "农机补贴实施方案"
    assert first.nodes[0].pages == [1]
    assert flat(first.nodes) == [
        (1, "一、", 1, "总体要求"),
        (1, "二、", 2, "补贴范围"),
        (2, "（一）", 1, "常规机具"),
    ]
    assert [s.title for s in plan.sections] == ["总体要求", "补贴范围"]


def test_decimal_catalogue_nests_by_depth(plan):
    second = part(plan, "attachment 2")
    assert second.label == "附件" and second.title == "农机补贴机具种类范围"
    assert second.preamble == "（2大类3个小类4个品目）"
    assert flat(second.nodes) == [
        (1, "1.", 1, "耕整地机械"),
        (2, "1.1", 1, "耕地机械"),
        (3, "1.1.1", 1, "犁"),
        (3, "1.1.2", 2, "旋耕机"),
        (2, "1.2", 2, "整地机械"),
        (3, "1.2.1", 1, "起垄机"),
        (1, "2.", 2, "收获机械"),
        (2, "2.1", 1, "谷物收获机械"),
        (3, "2.1.1", 1, "谷物联合收割机"),
    ]
    assert_all_claimed(plan)


def test_outline_csv_and_document_json(plan, tmp_path):
    import json

    write_outputs(plan, tmp_path / "out")
    with open(tmp_path / "out" / "outline.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["part", "path", "level", "label", "no", "title", "body", "pages"]
    catalogue = [(r["path"], r["label"], r["no"], r["title"]) for r in rows if r["part"] == "attachment 2"]
    assert catalogue[:4] == [
        ("1", "1.", "1", "耕整地机械"),
        ("1.1", "1.1", "1", "耕地机械"),
        ("1.1.1", "1.1.1", "1", "犁"),
        ("1.1.2", "1.1.2", "2", "旋耕机"),
    ]
    assert catalogue[-1] == ("2.1.1", "2.1.1", "1", "谷物联合收割机")
    doc = json.loads((tmp_path / "out" / "document.json").read_text(encoding="utf-8"))
    assert [p["part"] for p in doc["outline"]] == ["body", "attachment 1", "attachment 2"]
    node = doc["outline"][2]["nodes"][0]
    assert {"level", "label", "no", "title", "body", "children", "pages", "where"} <= set(node)
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    assert "outline" in {r["name"] for r in package["resources"]}


def build_two_unlabelled(path):
    pdf = NoticePDF(path)
    pdf.y = 120
    pdf.title("某某县人民政府关于印发两项方案的通知")
    pdf.paragraph("各乡镇人民政府：", indent=0)
    pdf.paragraph("现将两项方案印发给你们，请认真执行。")
    pdf.line("某某县人民政府", align="right", right_space=2)
    pdf.line("2024年5月6日", align="right", right_space=3)
    pdf.title("河道保洁实施方案")
    pdf.paragraph("一、工作目标", font=HEI)
    pdf.paragraph("河道常年保持整洁。")
    pdf.line("某某县水利局", align="right", right_space=2)
    pdf.line("2024年5月6日", align="right", right_space=3)
    pdf.title("农村道路养护方案")
    pdf.paragraph("一、养护范围", font=HEI)
    pdf.paragraph("全县农村公路。")
    pdf.new_page()
    pdf.title("养护责任清单")
    pdf.line("1.县道养护", indent=2)
    pdf.line("2.乡道养护", indent=2)
    return pdf.save()


def test_attachments_without_labels_start_at_a_title_after_a_date_or_a_page_break(tmp_path):
    doc = extract(build_two_unlabelled(tmp_path / "two.pdf"), enrich=False)
    assert [(p.part, p.label, p.title) for p in doc.outline] == [
        ("body", None, doc.notice.title),
        ("attachment 1", None, "河道保洁实施方案"),
        ("attachment 2", None, "农村道路养护方案"),
        ("attachment 3", None, "养护责任清单"),
    ]
    assert [flat(p.nodes) for p in doc.outline[1:]] == [
        [(1, "一、", 1, "工作目标")],
        [(1, "一、", 1, "养护范围")],
        [(1, "1.", 1, "县道养护"), (1, "2.", 2, "乡道养护")],
    ]


# ---- a law in two columns ---------------------------------------------------------------------

GAZETTE = (481.0, 740.0)
COLUMNS = (20.0, 250.0)
COLUMN_CHARS = 20
GAZETTE_SIZE = 10.0
GAZETTE_PITCH = 18.0


def _draw(c, x, top, text, size):
    c.setFont(SONG, size)
    c.drawString(x, GAZETTE[1] - top - 0.88 * size, text)


def _chunks(text, first):
    out = [text[:first]]
    text = text[first:]
    while text:
        out.append(text[:COLUMN_CHARS])
        text = text[COLUMN_CHARS:]
    return out


def build_gazette(path):
    """A law set in two columns: chapter headings centred in their column (one wrapped), articles
    indented two characters, one article running from the foot of the left column to the head of
    the right one."""
    register_fonts()
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=GAZETTE)
    title = "某某管理法"
    _draw(c, (GAZETTE[0] - width_of(title, SONG, 18)) / 2, 30, title, 18)
    rows = []  # (kind, text) in reading order
    rows.append(("heading", "第一章　总　　则"))
    arts = [
        "第一条　为了加强某某管理，保障公共安全，促进经济社会持续健康发展，制定本法。",
        "第二条　在本国领域内从事某某活动，适用本法；有关法律另有规定的，适用其规定。",
        "第三条　某某工作坚持安全第一、预防为主、综合治理的方针，从源头上防范化解重大风险，"
        "建立健全工作机制，落实各方责任，确保各项措施落到实处。",
    ]
    for art in arts:
        for k, chunk in enumerate(_chunks(art, COLUMN_CHARS - 2)):
            rows.append(("first" if k == 0 else "cont", chunk))
    rows.append(("heading", "第二章　生产经营单位的"))
    rows.append(("heading", "安全保障"))
    art = "第四条　生产经营单位应当具备本法规定的安全条件；不具备安全条件的，不得从事生产经营活动。"
    for k, chunk in enumerate(_chunks(art, COLUMN_CHARS - 2)):
        rows.append(("first" if k == 0 else "cont", chunk))
    per_column = (len(rows) + 1) // 2
    for i, (kind, text) in enumerate(rows):
        col, row = divmod(i, per_column)
        left = COLUMNS[col]
        top = 70 + GAZETTE_PITCH * row
        if kind == "heading":
            size = 12.0
            x = left + (COLUMN_CHARS * GAZETTE_SIZE - width_of(text, SONG, size)) / 2
        else:
            size = GAZETTE_SIZE
            x = left + (2 * GAZETTE_SIZE if kind == "first" else 0)
        _draw(c, x, top, text, size)
    c.showPage()
    c.save()
    return path


def test_two_column_law_is_one_body_read_column_by_column(tmp_path):
    doc = extract(build_gazette(tmp_path / "gazette.pdf"), enrich=False)
    [body] = doc.outline
    assert (body.part, body.title) == ("body", "某某管理法")
    assert flat(body.nodes) == [
        (1, "第一章", 1, "总则"),
        (2, "第一条", 1, ""),
        (2, "第二条", 2, ""),
        (2, "第三条", 3, ""),
        (1, "第二章", 2, "生产经营单位的安全保障"),
        (2, "第四条", 4, ""),
    ]
    crossing = body.nodes[0].children[2]
    assert crossing.body.endswith("落实各方责任，确保各项措施落到实处。")
    assert [w.page for w in crossing.where] == [1, 1]  # one box per column, not one across both
    assert crossing.where[0].box.x1 < crossing.where[1].box.x0
    assert_all_claimed(doc)
