"""extract check: each rule of GB/T 9704-2012 on a 公文 built with exactly that one fault, a clean one
that yields nothing, data/raw's document reviewed by hand, and the real documents of other genres."""

from __future__ import annotations

import dataclasses
import json

import pytest

from conftest import ROOT, SEED, run_cli
from extract.check import check_document, conformance_json, report_lines
from extract.check.context import Context
from extract.pipeline import extract
from extract.structure.paragraphs import Frame
from synth_gongwen import BODY, Gongwen, build_letter, build_minutes, build_order
from synth_notice import FANGSONG, HEI, KAI, SONG
from test_notice_elements import build_gonggao

SCHEMA = ROOT / "schema" / "conformance.schema.json"


def _body(*swap: tuple[int, tuple[str, str]], add: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    body = list(BODY)
    for index, para in swap:
        body[index] = para
    return body + (add or [])


# case -> (what the spec changes, the (rule, severity) of every finding expected)
CASES = {
    "brackets": ({"doc_number": "某农发[2024]12号"}, {("doc_number.brackets", "error")}),
    "short_year": ({"doc_number": "某农发〔24〕12号"}, {("doc_number.year", "error")}),
    "leading_zero": ({"doc_number": "某农发〔2024〕012号"}, {("doc_number.sequence", "error")}),
    "di": ({"doc_number": "某农发〔2024〕第12号"}, {("doc_number.sequence", "error")}),
    "number_year": ({"doc_number": "某农发〔2023〕12号"}, {("doc_number.year_of_date", "warning")}),
    "number_left": ({"number_align": "left"}, {("doc_number.placement", "warning")}),
    "number_under_rule": ({"number_under_rule": True}, {("doc_number.placement", "warning")}),
    "date_left": ({"date_left": True}, {("date.placement", "warning")}),
    "date_flush_right": ({"date_space": 0}, {("date.placement", "note")}),
    "note_flush": ({"note_indent": 0}, {("attachment_note.form", "warning")}),
    "date_chinese": ({"date": "二〇二四年七月一日"}, {("date.form", "error")}),
    "date_zero": ({"date": "2024年07月01日"}, {("date.form", "error")}),
    "date_order": ({"body": _body(add=[("本方案已于2024年7月5日经厅党组会议审议通过。", FANGSONG)])},
                   {("date.order", "error")}),
    "title_genre": ({"title": "关于做好2024年农机购置补贴工作的安排"}, {("title.genre", "warning")}),
    "title_punct": ({"title": "关于做好2024年农机购置补贴工作的通知。"}, {("title.punctuation", "error")}),
    "title_off_centre": ({"title_shift": 60.0}, {("title.typeface", "warning")}),
    "recipients_colon": ({"recipients": "各市、县农业农村局:"}, {("recipients.colon", "error")}),
    "level_skip": ({"body": [p for i, p in enumerate(BODY) if i not in (3, 4, 9)]}, {("levels.order", "warning")}),
    "level_gap": ({"body": _body((10, ("三、工作要求", HEI)))}, {("levels.sequence", "error")}),
    "level_repeat": ({"body": _body((9, ("（一）强化监督管理。", KAI)))}, {("levels.sequence", "error")}),
    "level_label": ({"body": _body((5, ("1、公开补贴额度。", FANGSONG)), (8, ("2、规范办理流程。", FANGSONG)))},
                    {("levels.order", "warning")}),
    "note_colon": ({"note_head": "附件:"}, {("attachment_note.form", "error")}),
    "note_number": ({"note": ["1、农机购置补贴实施方案", "2、补贴机具种类范围"]},
                    {("attachment_note.form", "warning")}),
    "note_punct": ({"note": ["1.农机购置补贴实施方案", "2.补贴机具种类范围。"]}, {("attachment_note.form", "error")}),
    "attachment_missing": ({"attachments": [("附件1", "农机购置补贴实施方案")]}, {("attachment_note.match", "error")}),
    "attachment_retitled": ({"attachments": [("附件1", "农机购置补贴实施方案"), ("附件2", "补贴机具目录")]},
                            {("attachment_note.match", "error")}),
    "attachment_unlisted": ({"note": ["农机购置补贴实施方案"]}, {("attachment_note.match", "error")}),
    "page_bare": ({"page_number": "{n}"}, {("page_number.form", "error")}),
    "page_hyphen": ({"page_number": "- {n} -"}, {("page_number.form", "warning")}),
    "page_gap": ({"skip_number_at": 3}, {("page_number.sequence", "error")}),
    "page_side": ({"sides": "inner"}, {("page_number.side", "warning")}),
    "printed_early": ({"printed_on": "2024年6月30日"}, {("colophon.printed_date", "error")}),
    "no_colophon": ({"colophon": False}, {("colophon.present", "warning")}),
    "colophon_rules": ({"colophon_rules": False}, {("colophon.rules", "warning")}),
    "body_song": ({"body": [(t, SONG if f == FANGSONG else f) for t, f in BODY]}, {("body.typeface", "note")}),
}


def _check(tmp_path, name: str, **changes):
    pdf = dataclasses.replace(Gongwen(), **changes).build(tmp_path / f"{name}.pdf")
    doc = extract(pdf, enrich=False)
    return doc, check_document(doc)


@pytest.mark.parametrize(("seal", "finding"), [("over", None), ("aside", "warning")])
def test_a_seal_picture_of_a_text_pdf_is_checked_over_the_date(tmp_path, seal, finding):
    """A text-layer PDF carries its seal as a picture: over the 署名 and 成文日期 it passes; set
    elsewhere on the page it is a warning. (Without any picture the rule cannot be checked.)"""
    _doc, report = _check(tmp_path, f"seal-{seal}", seal=seal)
    assert "seal.over_date" in report.checked
    found = [f.severity for f in report.findings if f.rule == "seal.over_date"]
    assert found == ([finding] if finding else [])


def test_a_conforming_document_yields_no_finding(tmp_path):
    doc, report = _check(tmp_path, "clean")
    assert report.layout == "document"
    assert report.findings == []
    # every rule but the seal's was applied; a text layer holds no seal image
    assert [s.rule for s in report.not_checkable] == ["seal.over_date"]
    assert report.not_applicable == []
    assert {"doc_number.brackets", "levels.sequence", "attachment_note.match", "page_number.side",
            "body.margins", "colophon.rules"} <= set(report.checked)
    data = conformance_json(doc, report)
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    assert data["counts"] == {"error": 0, "warning": 0, "note": 0}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_fault_gives_exactly_its_finding(tmp_path, case):
    changes, expected = CASES[case]
    _, report = _check(tmp_path, case, **changes)
    assert {(f.rule, f.severity) for f in report.findings} == expected, [f.found for f in report.findings]
    for f in report.findings:
        assert f.clause and f.found and f.expected and f.basis in ("text", "measured")


def test_findings_say_what_where_and_why(tmp_path):
    _, report = _check(tmp_path, "brackets", doc_number="某农发[2024]012号")
    found = {f.rule: f for f in report.findings}
    assert found["doc_number.brackets"].found == "某农发[2024]012号（年份用“[]”括入）"
    assert found["doc_number.sequence"].found == "某农发[2024]012号（发文顺序号“012”编了虚位）"
    assert found["doc_number.brackets"].expected == "某农发〔2024〕12号"
    assert found["doc_number.brackets"].clause == "7.2.5"
    assert found["doc_number.brackets"].where[0].page == 1 and found["doc_number.brackets"].where[0].box
    _, report = _check(tmp_path, "gap", body=_body((10, ("三、工作要求", HEI))))
    (gap,) = report.findings
    assert "“一、”之后是“三、”" in gap.found and gap.expected == "“二、”"
    # both places: the heading before and the one after the gap
    assert [w.page for w in gap.where] == [1, 1] and gap.where[0].box.top < gap.where[1].box.top


@pytest.mark.parametrize(
    "build, layout, not_applicable",
    [
        (build_order, "order", {"title.genre": "令、纪要格式", "colophon.present": "只对文件格式"}),
        (build_letter, "letter", {"doc_number.placement": "信函格式", "colophon.present": "只对文件格式"}),
        (build_gonggao, "announcement", {"doc_number.brackets": "令、公告的编号", "colophon.present": "文件格式"}),
        (build_minutes, "minutes", {"title.punctuation": "令、纪要格式", "recipients.colon": "未印主送机关"}),
    ],
)
def test_other_formats_are_checked_by_their_own_rules(tmp_path, build, layout, not_applicable):
    """A 令, a 信函, a 公告 on plain paper and a 纪要, each as its format asks: no fault, and what their
    format lacks (a title, a 版记, a 发文字号 of the 文件格式) reported as not applicable."""
    doc = extract(build(tmp_path / f"{layout}.pdf"), enrich=False)
    report = check_document(doc)
    assert report.layout == layout
    assert [f.found for f in report.findings if f.severity != "note"] == []
    reasons = {s.rule: s.reason for s in report.not_applicable}
    for rule, reason in not_applicable.items():
        assert reason in reasons[rule]


@pytest.mark.parametrize(
    "text, past",
    [
        ("本方案已于2024年7月5日经厅党组会议审议通过。", True),
        ("经2024年6月20日市人民政府常务会议审议通过", True),
        ("定于2024年7月10日召开视频会议。", False),  # a meeting to come
        ("将于2024年8月1日召开", False),
        ("请于2024年7月10日前印发实施方案。", False),  # a deadline
        ("自2024年9月1日起施行。", False),
    ],
)
def test_only_dates_of_past_events_bound_the_date(text, past):
    from extract.check.dates import PAST_EVENT

    assert bool(PAST_EVENT.search(text)) is past


# ---- data/raw's document, reviewed by hand ---------------------------------------------------------


def test_official_document_report(official_doc):
    """青教〔2022〕1号 as published: a 文件格式 notice whose 版头, 发文字号, title, 主送, 附件说明, 成文日期 and
    page numbers (— N —, odd right, even left) conform. Found by hand and by the check alike: the 要点
    goes from 一、 straight to 1. (no （一） level), the published copy has no 版记, the title is set in
    Noto Serif Bold rather than 小标宋, the body in Noto Serif rather than 仿宋, 21 lines of 27 characters
    a page, the 天头 39.9 mm and the 版心 152 mm wide."""
    report = check_document(official_doc)
    assert report.layout == "document"
    got = {(f.rule, f.severity) for f in report.findings}
    assert got == {
        ("levels.order", "warning"), ("colophon.present", "warning"),
        ("title.typeface", "note"), ("body.typeface", "note"), ("body.grid", "note"), ("body.margins", "note"),
    }
    skip = next(f for f in report.findings if f.rule == "levels.order")
    assert "25 处" in skip.found and "（一）" in skip.expected
    margins = next(f for f in report.findings if f.rule == "body.margins")
    assert "天头 39.9 mm" in margins.found and "版心约 152×" in margins.found
    grid = next(f for f in report.findings if f.rule == "body.grid")
    assert grid.found.startswith("每面约 21 行，每行约 27 字")
    assert {"page_number.form", "page_number.sequence", "page_number.side", "doc_number.placement",
            "attachment_note.match", "date.placement"} <= set(report.checked)


def test_the_readme_shows_the_report_as_printed(official_doc):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("For `data/raw`'s document it prints\n\n```\n", 1)[1].split("\n```", 1)[0]
    data = conformance_json(official_doc, check_document(official_doc))
    assert block.splitlines() == report_lines(data)


def test_a_text_dump_is_checked_by_its_text_only():
    doc = extract(SEED, enrich=False)
    report = check_document(doc)
    assert not [f for f in report.findings if f.severity == "error"]
    assert {"page_number.form", "body.margins", "title.typeface", "date.placement"} <= {
        s.rule for s in report.not_checkable
    }
    assert all(f.basis == "text" for f in report.findings)


# ---- the real documents of ../shared/real -----------------------------------------------------------

REAL = {
    "r01-": "republished",  # a joint notice as a web page prints it: no 版头, no page numbers
    "r03-": "announcement",  # a 公告 with the regulation it promulgates
    "r05-": "standalone",  # an annual report with tables
    "r07-": "standalone",  # a law in a two-column gazette
    "r08-": "standalone",  # final accounts with tables
    "s01-": "republished",  # a scanned 意见 of a ministry's general office, sealed
}


@pytest.mark.parametrize("stem", sorted(REAL))
def test_real_documents_are_checked_without_false_errors(real_run, stem):
    run = real_run(stem)
    doc = extract(run.pdf, cache_dir=run.cache_dir, enrich=False)
    report = check_document(doc)
    assert report.layout == REAL[stem]
    assert [f.found for f in report.findings if f.severity == "error"] == []
    # elements the format lacks are reported as not applicable, never as faults
    elements = {f.element for f in report.findings}
    if report.layout != "document":
        assert not elements & {"doc_number", "colophon"}
        assert "colophon.present" in {s.rule for s in report.not_applicable}
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(
        conformance_json(doc, report)
    )
    if stem == "s01-":
        assert "seal.over_date" in report.checked  # the seal of the scan lies over the 署名 and date
        assert {"body.typeface"} <= {s.rule for s in report.not_checkable}
        # a finding on lines read by OCR says so, with the engine's lowest confidence among them
        ctx = Context(doc, Frame.of(doc.parsed), report.layout)
        lines = ctx.element_lines("date")
        ctx.find("date.form", "error", "x", "y", lines)
        (finding,) = ctx.report.findings
        assert finding.basis == "ocr"
        assert finding.confidence == round(min(line.confidence for line in lines), 4) > 0


# ---- the command line ---------------------------------------------------------------------------------


def test_check_command_on_a_folder_a_glob_and_a_bad_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    Gongwen().build(folder / "clean.pdf")
    dataclasses.replace(Gongwen(), date="2024年07月01日").build(tmp_path / "zero.pdf")
    result = run_cli("check", str(folder), str(tmp_path / "z*.pdf"), str(tmp_path / "missing.pdf"), "--json")
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "missing.pdf" in result.stderr
    data = json.loads(result.stdout)
    assert [d["source"]["file"] for d in data] == ["clean.pdf", "zero.pdf"]
    assert data[0]["counts"]["error"] == 0
    found = [(f["rule"], f["found"]) for f in data[1]["findings"]]
    assert found == [("date.form", "2024年07月01日（月、日编了虚位（前导零））")]


def test_check_command_report_outputs_and_review_page(tmp_path):
    pdf = dataclasses.replace(Gongwen(), doc_number="某农发[2024]12号").build(tmp_path / "bad.pdf")
    result = run_cli("check", str(pdf), "--out", str(tmp_path / "out"), "--review")
    assert result.returncode == 1, result.stderr  # an error finding
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ok: ")
    assert lines[1] == "bad.pdf: 文件格式 · 1 错误 · 0 警告 · 0 提示 (GB/T 9704-2012)"
    assert lines[2] == "  发文字号"
    assert lines[3] == "    错误 7.2.5 第 1 页：某农发[2024]12号（年份用“[]”括入）；应为：某农发〔2024〕12号（文字层）"
    out = tmp_path / "out" / "bad"
    conformance = json.loads((out / "conformance.json").read_text(encoding="utf-8"))
    assert conformance["findings"][0]["rule"] == "doc_number.brackets"
    assert (out / "conformance.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith(
        "doc_number,doc_number.brackets,7.2.5,error,")
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert "conformance" in [r["name"] for r in package["resources"]]
    frictionless = pytest.importorskip("frictionless")
    assert frictionless.validate(str(out / "datapackage.json")).valid
    review = (out / "review.html").read_text(encoding="utf-8")
    assert "格式检查" in review and "doc_number.brackets" in review


def test_run_check_flag_adds_the_report(tmp_path):
    pdf = Gongwen().build(tmp_path / "clean.pdf")
    result = run_cli("run", str(pdf), "--out", str(tmp_path / "out"), "--check", "--no-summary")
    assert result.returncode == 0, result.stderr
    assert "clean.pdf: 文件格式 · 0 错误 · 0 警告 · 0 提示 (GB/T 9704-2012)" in result.stdout
    assert (tmp_path / "out" / "clean" / "conformance.json").is_file()
    plain = run_cli("run", str(pdf), "--out", str(tmp_path / "plain"), "--no-summary")
    assert not (tmp_path / "plain" / "clean" / "conformance.json").exists()
    assert "GB/T 9704" not in plain.stdout
