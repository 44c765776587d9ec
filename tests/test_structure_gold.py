"""Structure stage on the official PDF, judged by the gold standard (every field)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.normalize import Normalizer
from extract.structure import build_structure

SRC = Path(__file__).resolve().parents[1] / "src" / "extract"
STRUCTURE_MODULES = sorted(str(p.relative_to(SRC)) for p in (SRC / "structure").rglob("*.py"))


@pytest.fixture(scope="module")
def structure(official_parsed):
    return build_structure(official_parsed, Normalizer())


NOTICE_KEYS = ["issuer", "doc_number", "title", "recipients", "body", "attachments", "date"]


@pytest.mark.parametrize("key", NOTICE_KEYS)
def test_notice_field_equals_gold(structure, gold, key):
    notice = structure[0]
    assert getattr(notice, key) == gold["notice"][key]


def test_notice_extras(structure, gold):
    notice = structure[0]
    assert notice.issuers == [gold["notice"]["issuer"]]
    assert notice.signature is None  # none printed above the date
    assert notice.markers == []
    assert {w.page for items in notice.where.values() for w in items} == {1}
    assert set(notice.where) == {
        "issuer", "doc_number", "title", "recipients", "body/0", "body/1", "attachments/0", "date"
    }  # fmt: skip


@pytest.mark.parametrize("key", ["label", "title", "preamble"])
def test_attachment_field_equals_gold(structure, gold, key):
    assert getattr(structure[1], key) == gold["attachment"][key]


def test_sections_equal_gold(structure, gold):
    sections = structure[2]
    assert [(s.no, s.title) for s in sections] == [(g["no"], g["title"]) for g in gold["sections"]]
    assert [len(s.points) for s in sections] == [len(g["points"]) for g in gold["sections"]]
    assert all(s.body == "" and s.label == f"{'一二三四五'[i]}、" for i, s in enumerate(sections))


def _gold_points(gold):
    return [(g["no"], p) for g in gold["sections"] for p in g["points"]]


@pytest.mark.parametrize("index", range(25))
def test_point_equals_gold(structure, gold, index):
    got = [(s.no, p) for s in structure[2] for p in s.points]
    assert len(got) == 25
    section_no, point = got[index]
    gold_section, gold_point = _gold_points(gold)[index]
    assert section_no == gold_section
    assert (point.no, point.title, point.body) == (gold_point["no"], gold_point["title"], gold_point["body"])
    assert point.children == [] and point.level == 2 and point.label == f"{point.no}."


def test_point_provenance(structure):
    points = [p for s in structure[2] for p in s.points]
    assert points[0].pages == [2, 3]
    assert points[-1].pages == [14, 15]
    for p in points:
        assert p.pages == sorted(p.pages) and 2 <= p.pages[0] and p.pages[-1] <= 15
        assert [w.page for w in p.where] == p.pages
        for w in p.where:
            assert w.box is not None and w.box.x0 < w.box.x1 and w.box.top < w.box.bottom
    # pages are in reading order, points follow each other
    for a, b in zip(points, points[1:], strict=False):
        assert a.pages[-1] <= b.pages[0]
    assert [s.pages[0] for s in structure[2]] == [2, 4, 7, 10, 12]


def test_table_title_is_not_outline_text(structure, official_parsed):
    table_page = next(page for page in official_parsed.pages if page.tables)
    title = min(table_page.lines, key=lambda line: line.box.top).text
    texts = [structure[1].preamble or ""] + [p.body for s in structure[2] for p in s.points]
    compact_title = re.sub(r"\s+", "", title)
    assert not any(compact_title in text or "任务清单" in text[-30:] for text in texts)


def test_work_points_rows_through_pipeline(official_doc, gold):
    from extract.export import work_point_table

    rows = work_point_table(official_doc)
    expected = [[g["no"], g["title"], p["no"], p["title"], p["body"]] for g in gold["sections"] for p in g["points"]]
    assert [row[:5] for row in rows] == expected
    assert rows[0][5] == "2;3"


def test_structure_code_knows_no_particular_document():
    """Nothing in the structure stage names this document, its office or its year."""
    forbidden = ["青浦", "青教", "〔2022〕", "2022", "教育系统各单位", "上海", "工作要点", "教育局"]
    assert len(STRUCTURE_MODULES) >= 10
    for name in STRUCTURE_MODULES:
        text = (SRC / name).read_text(encoding="utf-8")
        for word in forbidden:
            assert word not in text, f"{name} mentions {word!r}"
