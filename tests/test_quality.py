"""Quality report and the coverage account."""

from __future__ import annotations

import copy

from extract.export.quality import coverage, quality_report, summary_lines


def test_official_pdf_loses_nothing(official_doc):
    cov = coverage(official_doc)
    assert cov.content_chars > 10000
    assert cov.unassigned == [], [(u.page, u.text) for u in cov.unassigned[:5]]
    assert cov.assigned_chars == cov.content_chars
    assert cov.multiply_assigned_chars == 0
    assert cov.furniture_chars > 0


def test_removed_point_shows_up_as_unassigned(official_doc):
    # The sections are a view of the outline's first attachment: a point lost by the structure
    # stage is missing from both.
    doc = copy.copy(official_doc)
    doc.sections = copy.deepcopy(official_doc.sections)
    doc.outline = copy.deepcopy(official_doc.outline)
    removed = doc.sections[1].points.pop(0)
    [part] = [p for p in doc.outline if p.part == "attachment 1"]
    assert part.nodes[1].children.pop(0).where == removed.where
    cov = coverage(doc)
    pages = {u.page for u in cov.unassigned}
    assert pages and pages <= set(removed.pages)
    lost = "".join(u.text for u in cov.unassigned).replace(" ", "")
    assert removed.title[:6] in lost


def test_report_counts_and_summary(official_doc):
    report = quality_report(official_doc)
    assert report["pages"] == 22
    assert report["sections"] == 5 and report["points"] == 25
    assert report["key_task_rows"] == 20 and report["key_task_cells"] == 160
    text = "\n".join(summary_lines(report))
    assert "coverage:" in text and "points 25" in text
    assert len(text.splitlines()) <= 24


def test_cli_prints_quality_summary_and_strict_fails_on_anomalies(tmp_path):
    from conftest import RAW_PDF, run_cli

    out = run_cli("run", str(RAW_PDF), "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "0 chars unassigned, 2 anomalies" in out.stdout
    assert "coverage:" in out.stdout and "latin_word" in out.stdout and "unbalanced_quote" in out.stdout
    # the tables written (tables/NN.csv), not the page regions they were stitched from
    written = len(list((tmp_path / RAW_PDF.stem / "tables").glob("*.csv")))
    assert written == 1 and f"tables {written} (from 6 page regions)" in out.stdout
    strict = run_cli("run", str(RAW_PDF), "--out", str(tmp_path), "--strict", "--no-summary")
    assert strict.returncode == 1
    assert "coverage:" not in strict.stdout
    # the ok line stays, and a line on stderr says which document failed strictness and why
    assert strict.stdout.startswith(f"ok: {RAW_PDF} -> ")
    assert strict.stderr.splitlines() == [f"strict: {RAW_PDF}: 2 anomalies"]


def test_strict_passes_a_clean_document(tmp_path):
    from conftest import run_cli
    from test_structure_synth import build_joint

    pdf = tmp_path / "joint.pdf"
    build_joint(pdf)
    out = run_cli("run", str(pdf), "--out", str(tmp_path / "out"), "--strict")
    assert "0 chars unassigned, 0 anomalies" in out.stdout, out.stdout + out.stderr
    assert out.returncode == 0


def test_outline_node_lost_from_the_outline_alone_is_still_claimed_by_its_section(official_doc):
    # Two views of the same text: each claims it, neither counts as a second claim.
    doc = copy.copy(official_doc)
    doc.outline = copy.deepcopy(official_doc.outline)
    [part] = [p for p in doc.outline if p.part == "attachment 1"]
    part.nodes[1].children.pop(0)
    cov = coverage(doc)
    assert cov.unassigned == [] and cov.multiply_assigned_chars == 0


def test_a_page_ocr_read_with_low_confidence_makes_the_document_partial():
    from extract.export.ocr_quality import doubtful_ocr_pages
    from extract.model import Box, Document, Line, Page, ParsedDocument, SourceInfo, Span

    def line(confidence: float, top: float) -> Line:
        box = Box(0, top, 100, top + 10)
        return Line(page=1, text="文字", box=box, spans=[Span(0, 2, "ocr", 10.0, False, "#000000")],
                    char_boxes=[box, box], origin="ocr", confidence=confidence)

    def doc(confidences: list[float]) -> Document:
        page = Page(number=1, width=595, height=842, lines=[line(c, 20 * i) for i, c in enumerate(confidences)])
        page.ocr = True
        return Document(source=SourceInfo(file="x", sha256="", pages=1),
                        parsed=ParsedDocument(source=SourceInfo(file="x", sha256="", pages=1), pages=[page]))

    assert doubtful_ocr_pages(doc([0.99] * 9 + [0.5])) == []  # one line in ten
    assert doubtful_ocr_pages(doc([0.99] * 6 + [0.5] * 2)) == [1]  # a quarter
    assert doubtful_ocr_pages(doc([0.5] * 3)) == [1]
    assert doubtful_ocr_pages(doc([0.5] * 2)) == []  # too few lines to judge
