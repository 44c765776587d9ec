"""The key-task table of the official PDF against the gold standard: all 160 data cells."""

from __future__ import annotations

import pytest

from extract.normalize import Normalizer
from extract.tables.key_tasks import build_key_tasks, key_task_title_lines

FIELDS = ("task", "q1", "q2", "q3", "q4", "lead", "departments", "remark")


@pytest.fixture(scope="module")
def key_tasks(official_doc):
    return official_doc.key_tasks


def test_title_and_numbers(key_tasks, gold):
    assert key_tasks.title == gold["key_tasks"]["title"]
    assert [r.no for r in key_tasks.rows] == [r["no"] for r in gold["key_tasks"]["rows"]]
    assert all(isinstance(r.no, int) for r in key_tasks.rows)


@pytest.mark.parametrize("field", FIELDS)
def test_every_cell_equals_gold(key_tasks, gold, field):
    want = [r[field] for r in gold["key_tasks"]["rows"]]
    got = [getattr(r, field) for r in key_tasks.rows]
    assert len(got) == len(want) == 20
    bad = [(i + 1, g, w) for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
    assert not bad, bad


def test_all_160_cells(key_tasks, gold):
    passed = sum(
        getattr(r, f) == g[f] for r, g in zip(key_tasks.rows, gold["key_tasks"]["rows"], strict=True) for f in FIELDS
    )
    assert passed == 160


def test_layout_facts(key_tasks, official_doc):
    assert key_tasks.pages == [16, 17, 18, 19, 20, 21]
    assert list(key_tasks.columns) == ["no", "task", "q1", "q2", "q3", "q4", "lead", "departments", "remark"]
    assert key_tasks.columns["q1"] == "第一季度" and key_tasks.columns["departments"] == "责任科室"
    assert not [w for w in official_doc.warnings if "key-task" in w or "key_tasks" in w]
    for row in key_tasks.rows:
        assert len(row.pages) == 1 and 16 <= row.pages[0] <= 21
        for field in ("no", *FIELDS):
            (where,) = row.where[field]
            assert where.page == row.pages[0] and where.box.width > 0 and where.box.height > 0
    # rows follow each other down the page and across pages
    tops = [(r.where["no"][0].page, r.where["no"][0].box.top) for r in key_tasks.rows]
    assert tops == sorted(tops)
    assert key_tasks.where["title"][0].page == 16


def test_each_field_normalized_once(official_parsed):
    class Spy(Normalizer):
        def __init__(self) -> None:
            super().__init__()
            self.names: list[str] = []

        def field(self, name, lines):  # type: ignore[override]
            self.names.append(name)
            return super().field(name, lines)

    spy = Spy()
    kt, warnings = build_key_tasks(official_parsed, spy)
    assert warnings == []
    assert len(spy.names) == len(set(spy.names))
    assert "key_tasks/rows/12/q2" in spy.names and "key_tasks/title" in spy.names
    # title + 9 column headers + 20 rows x (no + 8 fields), empty remark cells need no call
    assert len(spy.names) == 1 + 9 + 20 * 9 - sum(r.remark is None for r in kt.rows)


def test_title_line_is_identified_for_the_structure_stage(official_parsed):
    (line,) = key_task_title_lines(official_parsed)
    assert line.page == 16 and line.text.replace(" ", "") == "2022年青浦区教育局重点工作任务清单"


def test_text_fallback_stays_off(official_parsed):
    # the text-alignment fallback found nothing to do: tables only where the rules are
    assert [p.number for p in official_parsed.pages if p.tables] == [16, 17, 18, 19, 20, 21]
