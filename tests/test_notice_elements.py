"""The 公文 elements around the text, on notices of several genres built here as PDFs.

A 公告 on plain paper (no 版头: the signing organ issues it, its number printed
under the title), a joint notice signed side by side with a 版记, a law printed on
its own (only a title), recipients in groups, and the genre read from each title.
"""

from __future__ import annotations

import json

import pytest

from conftest import REAL, run_cli
from extract.pipeline import extract
from extract.structure.notice.genre import genre_of
from synth_notice import HEI, RED, NoticePDF, Run


@pytest.mark.parametrize(
    "title, genre",
    [
        ("关于印发《2022年青浦教育工作要点》的通知", "通知"),
        ("某某县人民政府关于同意设立某某镇的批复", "批复"),
        ("某某省人大常委会公告", "公告"),
        ("某某省燃气管理条例", "条例"),
        ("某某市城市管理办法（试行）", "办法"),
        ("2024—2026年某某省农机购置补贴实施方案", "方案"),
        ("关于加力推进农机购置与应用补贴的意见", "意见"),
        ("中华人民共和国安全生产法", "法"),
        ("某某局关于商请支持的函", "函"),
        ("会议纪要第三次会议的安排表", None),
        (None, None),
    ],
)
def test_genre_from_the_title(title, genre):
    assert genre_of(title) == genre


def build_gonggao(path):
    """A 公告 of a standing committee: black title in two lines, its number under it, no 版头."""
    pdf = NoticePDF(path)
    pdf.y = 130
    pdf.title("某某省人民代表大会常务委员会")
    pdf.title("公　告", per_line=3)
    pdf.line("( 十四届第 7 号)", align="center")
    pdf.paragraph("《某某省燃气管理条例》已由某某省第十四届人民代表大会常务委员会第二次会议于2023年3月28日通过，现予公布，自2023年5月1日起施行。")
    pdf.skip(1)
    pdf.line("某某省人民代表大会常务委员会", align="right", right_space=2)
    pdf.line("2023年3月28日", align="right", right_space=4)
    return pdf.save()


def test_gonggao_number_and_issuer_from_the_signature(tmp_path):
    doc = extract(build_gonggao(tmp_path / "gonggao.pdf"), enrich=False)
    n = doc.notice
    assert n.title == "某某省人民代表大会常务委员会公告"
    assert n.genre == "公告"
    assert n.doc_number == "（十四届第7号）"
    assert n.issuers == ["某某省人民代表大会常务委员会"]
    assert n.signatures == ["某某省人民代表大会常务委员会"]
    assert n.date == "2023-03-28"
    assert n.body[0].startswith("《某某省燃气管理条例》已由")
    # the issuer was read from the signature, whose place is recorded once
    assert "issuer" not in n.where and n.where["signature"]
    assert n.where["doc_number"][0].page == 1


def build_joint_with_colophon(path):
    pdf = NoticePDF(path)
    pdf.y = 110
    pdf.line("某某省农业农村厅", size=26, color=RED, x=140, advance=40)
    pdf.line("某某省财政厅", size=26, color=RED, x=140, advance=40)
    pdf.line("某农发〔2024〕12号", align="center")
    pdf.rule()
    pdf.title("关于做好2024年农机购置补贴工作的通知")
    pdf.paragraph("各市、县、自治县农业农村局、财政局，省农业机械化服务中心：", indent=0)
    pdf.paragraph("现将有关事项通知如下，请认真贯彻落实。")
    pdf.skip(1)
    pdf.line([Run("某某省农业农村厅"), Run("　　　　"), Run("某某省财政厅")], align="right", right_space=1)
    pdf.line("2024年7月1日", align="right", right_space=4)
    pdf.paragraph("（此件主动公开）")
    pdf.skip(4)
    pdf.rule(color=(0, 0, 0))
    pdf.line("抄送：农业农村部农业机械化管理司，省人民政府办公厅。", indent=1)
    pdf.line([Run("某某省农业农村厅办公室"), Run("　　　　　　"), Run("2024年7月2日印发")], indent=1)
    return pdf.save()


def test_joint_notice_signatures_recipients_and_colophon(tmp_path):
    doc = extract(build_joint_with_colophon(tmp_path / "joint.pdf"), enrich=False)
    n = doc.notice
    assert n.issuers == ["某某省农业农村厅", "某某省财政厅"]
    assert n.genre == "通知"
    assert n.recipients == ["各市、县、自治县农业农村局、财政局", "省农业机械化服务中心"]
    assert n.signatures == ["某某省农业农村厅", "某某省财政厅"]
    assert n.signature == "某某省农业农村厅、某某省财政厅"
    assert n.date == "2024-07-01"
    assert n.markers == ["（此件主动公开）"]
    assert n.cc == ["农业农村部农业机械化管理司", "省人民政府办公厅"]
    assert n.printed_by == "某某省农业农村厅办公室"
    assert n.printed_on == "2024-07-02"
    assert {"cc", "printed"} <= set(n.where)


def test_colophon_is_exported_and_counted(tmp_path):
    pdf = build_joint_with_colophon(tmp_path / "joint.pdf")
    out = run_cli("run", str(pdf), "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    doc = json.loads((tmp_path / "out" / "joint" / "document.json").read_text(encoding="utf-8"))
    notice = doc["notice"]
    assert notice["cc"] == ["农业农村部农业机械化管理司", "省人民政府办公厅"]
    assert notice["printed_on"] == "2024-07-02" and notice["genre"] == "通知"
    assert doc["quality"]["coverage"]["unassigned_chars"] == 0


def build_law(path):
    """A law printed on its own: a title, a history note, chapters and articles, no notice around it."""
    pdf = NoticePDF(path)
    pdf.y = 110
    pdf.title("中华人民共和国某某法")
    pdf.paragraph("（2021年6月10日第十三届全国人民代表大会常务委员会第二十九次会议通过）", indent=0)
    pdf.line("第一章　总　　则", align="center", font=HEI)
    pdf.paragraph("第一条　为了加强某某工作，制定本法。")
    pdf.paragraph("第二条　本法自2022年1月1日起施行。")
    return pdf.save()


def test_a_law_on_its_own_has_only_a_title(tmp_path):
    doc = extract(build_law(tmp_path / "law.pdf"), enrich=False)
    n = doc.notice
    assert n.title == "中华人民共和国某某法"
    assert n.genre == "法"
    assert (n.issuers, n.doc_number, n.date, n.recipients) == ([], None, None, [])


# ---- the real documents (skipped without ../shared/real) --------------------------------


def _gold_notice(stem: str) -> dict:
    path = REAL / "gold" / f"{stem}.gold.json"
    if not path.exists():
        pytest.skip("../shared/real is not beside the project")
    return json.loads(path.read_text(encoding="utf-8"))["notice"]


@pytest.mark.parametrize(
    "stem",
    [
        "r01-hainan-2024-agri-joint-notice",
        "r03-guangxi-2023-npc-gonggao-regulation",
        "r07-npcsc-2021-gazette-law-2col",
    ],
)
def test_real_notice_fields_equal_the_gold(real_run, stem):
    gold = _gold_notice(stem)
    run = real_run(stem)
    assert run.result.returncode == 0, run.result.stderr
    notice = run.json("document.json")["notice"]
    got = dict(notice, signature=notice["signatures"])
    assert {key: got[key] for key in gold} == gold
