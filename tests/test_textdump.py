"""Text-dump input: the published text gives the same structured content as the PDF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import RAW_PDF, SEED, run_cli
from extract.errors import InputError
from extract.model import Document
from extract.parse.textdump.reader import CHAR, file_line, is_text_dump, parse_text_dump


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(scope="module")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="module")
def dump(seed_path):
    return parse_text_dump(seed_path)


# ---- the parse: pages, paragraphs, tables, provenance ------------------------------------------


def test_seed_pages_and_tables(dump):
    # 12 pages of text (11 page breaks cut a paragraph), the table with its title on a page of its own,
    # then 7 more table blocks whose header repeats
    assert dump.source.pages == len(dump.pages) == 20
    assert dump.source.file == SEED.name and len(dump.source.sha256) == 64
    tables = [t for page in dump.pages for t in page.tables]
    assert len(tables) == 8
    assert [page.number for page in dump.pages if page.tables] == list(range(13, 21))
    title = dump.pages[12].lines
    assert [line.text for line in title] == ["2022年青浦区教育局重点工作任务清单"] and title[0].bold
    data_rows = [row for t in tables for row in t.rows[2:]]
    assert [compact(row[0].text) for row in data_rows] == [str(n) for n in range(1, 21)]
    assert all(len(row) == 9 for t in tables for row in t.rows)
    markers = [line for page in dump.pages for line in page.furniture]
    assert [(m.furniture, m.text) for m in markers] == [("no_text_marker", "(此页无正文)")]


def test_header_cells_merge_as_in_the_pdf(dump, official_parsed):
    """Empty header cells under or beside a spanning header are None, as the PDF parse reports them."""
    pdf_table = next(t for page in official_parsed.pages for t in page.tables)
    for table in (t for page in dump.pages for t in page.tables):
        for r in (0, 1):
            shape = [cell is None for cell in table.rows[r]]
            assert shape == [cell is None for cell in pdf_table.rows[r]], r
            texts = [compact(c.text) if c else None for c in table.rows[r]]
            assert texts == [compact(c.text) if c else None for c in pdf_table.rows[r]]


def test_table_cells_equal_the_pdf_cells(dump, official_parsed):
    """Cell by cell, the dump's key-task table holds the PDF's text (spacing aside)."""

    def rows(doc):
        out = {}
        for page in doc.pages:
            for t in page.tables:
                for row in t.rows[2:]:
                    out[compact(row[0].text)] = [compact(c.text) if c else "" for c in row]
        return out

    pdf_rows, dump_rows = rows(official_parsed), rows(dump)
    assert sorted(dump_rows, key=int) == sorted(pdf_rows, key=int)
    assert dump_rows == pdf_rows


def test_paragraphs_are_whole_and_appear_in_the_pdf(dump, official_parsed):
    pdf_text = compact("".join(line.text for line in official_parsed.content_lines()))
    paragraphs = [line for page in dump.pages for line in page.lines]
    assert len(paragraphs) == 42
    for line in paragraphs:
        assert compact(line.text) in pdf_text, line.text[:40]
    # a paragraph cut by a page break in the dump is one line again, on the page where it starts
    point1 = next(line for line in paragraphs if line.text.startswith("1."))
    assert point1.text.endswith("。") and point1.line_no == 27
    assert {file_line(box) for box in point1.char_boxes} == {27, 29}


def test_lines_carry_file_line_numbers(dump, seed_path):
    file_lines = seed_path.read_text(encoding="utf-8").splitlines()
    for page in dump.pages:
        for line in page.lines + page.furniture:
            assert line.line_no is not None and line.page == page.number
            assert len(line.char_boxes) == len(line.text)
            # each character's box names the file line it came from, at its column from the first printed one
            for ch, box in zip(line.text, line.char_boxes, strict=True):
                source = file_lines[file_line(box) - 1].strip()
                assert source[round(box.x0 / CHAR)] == ch
        for table in page.tables:
            for row in table.rows:
                for cell in row:
                    for line in cell.lines if cell else []:
                        assert line.text in file_lines[line.line_no - 1]
    # no layout to read: every paragraph starts at x = 0
    assert {line.box.x0 for page in dump.pages for line in page.lines} == {0.0}


def test_page_model_is_json_serialisable(dump):
    from extract.model import to_jsonable

    data = json.loads(json.dumps(to_jsonable(dump), ensure_ascii=False))
    assert data["pages"][0]["lines"][0]["line_no"] == 3


# ---- other layouts and encodings of the same text ---------------------------------------------------


def test_same_text_in_other_encodings_and_line_ends(tmp_path, seed_path, dump):
    text = seed_path.read_text(encoding="utf-8")
    variants = {
        "gb.txt": text.encode("gb18030"),
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "crlf.txt": text.replace("\n", "\r\n").encode("utf-8"),
        "utf16.txt": text.encode("utf-16"),
    }
    expected = [[line.text for line in page.lines] for page in dump.pages]
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        other = parse_text_dump(tmp_path / name)
        assert [[line.text for line in page.lines] for page in other.pages] == expected, name


def test_form_feed_and_double_blank_lines_break_pages(tmp_path):
    path = tmp_path / "ff.txt"
    path.write_text("第一段。\n\n第二段。\n\f第三段。\n\n\n第四段。\n", encoding="utf-8")
    doc = parse_text_dump(path)
    pages = [[line.text for line in page.lines] for page in doc.pages]
    assert pages == [["第一段。", "第二段。"], ["第三段。"], ["第四段。"]]
    assert [line.line_no for page in doc.pages for line in page.lines] == [1, 3, 4, 7]


def test_page_numbers_are_furniture_and_do_not_cut_paragraphs(tmp_path):
    body = "这是一个很长的段落，" * 6
    path = tmp_path / "numbers.txt"
    path.write_text(f"一、总体要求\n\n{body}\n\n- 2 -\n\n{body}结束。\n\n二、工作任务\n", encoding="utf-8")
    doc = parse_text_dump(path)
    lines = [line.text for page in doc.pages for line in page.lines]
    assert lines == ["一、总体要求", body + body + "结束。", "二、工作任务"]
    furniture = [(f.furniture, f.text, f.page) for page in doc.pages for f in page.furniture]
    assert furniture == [("page_number", "- 2 -", 1)]
    assert len(doc.pages) == 2


def test_line_per_printed_line_dump(tmp_path, official_parsed, dump):
    """A dump with one printed line per file line and a blank line per page (as pdftotext writes)."""
    out = []
    for page in official_parsed.pages:
        out += [line.text for line in page.lines]
        for table in page.tables:
            out += ["\t".join(compact(c.text) if c else "" for c in row) for row in table.rows]
        out.append("")
    path = tmp_path / "lines.txt"
    path.write_text("\n".join(out), encoding="utf-8")
    doc = parse_text_dump(path)
    got = [compact(line.text) for page in doc.pages for line in page.lines]
    want = [compact(line.text) for page in dump.pages for line in page.lines]
    # layout is gone: only the notice's title, set large and wrapped, stays in two lines
    title = next(i for i, t in enumerate(want) if t.endswith("的通知"))
    assert got[:title] + [got[title] + got[title + 1]] + got[title + 2 :] == want
    assert len(doc.pages) == 21 and sum(len(p.tables) for p in doc.pages) == 6


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"\n\n  \n", "no text"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "HTML page"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (b"%PDF-1.7\n...", "is a PDF"),
    ],
    ids=["empty", "blank", "html", "binary", "pdf"],
)
def test_bad_text_inputs(tmp_path, data, words):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=words):
        parse_text_dump(path)


def test_page_limit_applies_to_text(tmp_path):
    path = tmp_path / "many.txt"
    path.write_text("\f".join(f"第{i}页。" for i in range(30)), encoding="utf-8")
    assert parse_text_dump(path, max_pages=None).source.pages == 30
    with pytest.raises(InputError, match="30 pages, more than the limit of 10"):
        parse_text_dump(path, max_pages=10)


def test_is_text_dump():
    assert is_text_dump("a/b.TXT") and is_text_dump("x.txt") and not is_text_dump("x.pdf")


# ---- the whole pipeline: the dump and the PDF give the same structured content ------------------------


def _dump_document(seed_path: Path) -> Document:
    """The dump through the pipeline, as `run` takes a .txt input."""
    from extract import pipeline

    return pipeline.extract(seed_path)


@pytest.fixture(scope="module")
def dump_doc(seed_path) -> Document:
    return _dump_document(seed_path)


NOTICE_FIELDS = ("issuer", "issuers", "doc_number", "title", "recipients", "body", "attachments", "date")


def _point(p):
    return {"no": p.no, "title": p.title, "body": p.body, "children": [_point(c) for c in p.children]}


def test_dump_notice_equals_pdf_notice(official_doc, dump_doc):
    for name in NOTICE_FIELDS:
        assert getattr(dump_doc.notice, name) == getattr(official_doc.notice, name), name


def test_dump_attachment_equals_pdf_attachment(official_doc, dump_doc):
    for name in ("label", "title", "preamble"):
        assert getattr(dump_doc.attachment, name) == getattr(official_doc.attachment, name), name


def test_dump_sections_and_points_equal_pdf(official_doc, dump_doc):
    pdf = [(s.no, s.title, [_point(p) for p in s.points]) for s in official_doc.sections]
    txt = [(s.no, s.title, [_point(p) for p in s.points]) for s in dump_doc.sections]
    assert [s[:2] for s in txt] == [s[:2] for s in pdf]
    assert txt == pdf


def test_dump_key_tasks_equal_pdf(official_doc, dump_doc):

    def rows(doc):
        return [
            (r.no, r.task, r.q1, r.q2, r.q3, r.q4, r.lead, r.departments, r.remark) for r in doc.key_tasks.rows
        ]

    assert dump_doc.key_tasks.title == official_doc.key_tasks.title
    assert rows(dump_doc) == rows(official_doc)


def test_dump_matches_gold(dump_doc, gold):
    """The gold standard was made from this very text: the dump path must meet it too."""
    assert [s.title for s in dump_doc.sections] == [s["title"] for s in gold["sections"]]
    assert [r.task for r in dump_doc.key_tasks.rows] == [r["task"] for r in gold["key_tasks"]["rows"]]


def test_dump_provenance_is_line_numbers(dump_doc):
    from extract.export import document_json

    data = document_json(dump_doc)
    wheres = [w for s in data["sections"] for p in s["points"] for w in p["where"]]
    # an empty cell (no remark) has no text line to point at
    wheres += [w for r in data["key_tasks"]["rows"] for k, ws in r["where"].items() if r[k] for w in ws]
    assert wheres and all("line" in w for w in wheres)


def test_text_dump_through_the_cli(tmp_path, seed_path):
    out = run_cli("run", str(seed_path), "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    doc = json.loads((tmp_path / "out" / seed_path.stem / "document.json").read_text(encoding="utf-8"))
    assert doc["source"]["pages"] == 20
    pdf = run_cli("run", str(RAW_PDF), "--out", str(tmp_path / "pdf"))
    assert pdf.returncode == 0, pdf.stderr
    pdf_doc = json.loads((tmp_path / "pdf" / RAW_PDF.stem / "document.json").read_text(encoding="utf-8"))
    for key in ("notice", "sections", "key_tasks"):
        assert _strip_where(doc[key]) == _strip_where(pdf_doc[key]), key


def _strip_where(value):
    """Content without provenance (boxes vs line numbers) and page lists (the dump's pages are inferred)."""
    if isinstance(value, dict):
        return {k: _strip_where(v) for k, v in value.items() if k not in ("where", "pages")}
    if isinstance(value, list):
        return [_strip_where(v) for v in value]
    return value
