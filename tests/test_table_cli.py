"""The key-task outputs through the real CLI: CSV with BOM, long CSV by quarter, xlsx."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import RAW_PDF, run_cli

COLUMNS = ["no", "task", "q1", "q2", "q3", "q4", "lead", "departments", "remark"]


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli")
    result = run_cli("run", str(RAW_PDF), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / RAW_PDF.stem


def _csv(path) -> tuple[bytes, list[list[str]]]:
    raw = path.read_bytes()
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_key_tasks_csv(out_dir, gold):
    raw, rows = _csv(out_dir / "key_tasks.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows[0] == COLUMNS
    assert len(rows) == 21
    for got, want in zip(rows[1:], gold["key_tasks"]["rows"], strict=True):
        assert got == [
            str(want["no"]),
            *(want[k] for k in ("task", "q1", "q2", "q3", "q4", "lead")),
            "、".join(want["departments"]),
            want["remark"] or "",
        ]


def test_key_tasks_long_csv(out_dir, gold):
    raw, rows = _csv(out_dir / "key_tasks_long.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows[0] == ["no", "quarter", "period", "milestone"]
    body = rows[1:]
    assert len(body) == 80
    by_task = {r["no"]: r for r in gold["key_tasks"]["rows"]}
    for no, quarter, period, milestone in body:
        assert period == f"2022Q{quarter}"
        assert milestone == by_task[int(no)][f"q{quarter}"]
    assert [(r[0], r[1]) for r in body[:4]] == [("1", "1"), ("1", "2"), ("1", "3"), ("1", "4")]


def test_period_year_comes_from_the_notice_date(out_dir):
    doc = json.loads((out_dir / "document.json").read_text(encoding="utf-8"))
    assert (doc["notice"]["date"] or "").startswith("2022")


def test_key_tasks_xlsx_matches_csv(out_dir):
    from openpyxl import load_workbook

    _, rows = _csv(out_dir / "key_tasks.csv")
    wb = load_workbook(out_dir / "key_tasks.xlsx")
    ws = wb.active
    assert ws.freeze_panes == "A2"
    values = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
    assert values == rows
    assert ws.cell(2, 1).value == 1  # numbers stay numbers
    for r in ws.iter_rows(min_row=2):
        for c in r:
            assert c.alignment.wrap_text
    for letter in "ABCDEFGHI":
        assert ws.column_dimensions[letter].width and ws.column_dimensions[letter].width >= 6
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width


def test_document_json_key_tasks(out_dir, gold):
    doc = json.loads((out_dir / "document.json").read_text(encoding="utf-8"))
    kt = doc["key_tasks"]
    assert kt["title"] == gold["key_tasks"]["title"]
    assert len(kt["rows"]) == 20
    for got, want in zip(kt["rows"], gold["key_tasks"]["rows"], strict=True):
        for key, value in want.items():
            assert got[key] == value, (want["no"], key)
        assert got["pages"] and all(w["box"] for ws in got["where"].values() for w in ws)


def test_tables_xlsx_holds_the_key_task_table_first_as_in_its_csv(out_dir):
    from openpyxl import load_workbook

    from table_checks import xlsx_matches_csvs

    xlsx_matches_csvs(out_dir)
    first = load_workbook(out_dir / "tables.xlsx").worksheets[0]
    doc = json.loads((out_dir / "document.json").read_text(encoding="utf-8"))
    key = next(t for t in doc["tables"] if t["pages"] == doc["key_tasks"]["pages"])
    assert first.title.startswith(f"{key['no']:02d}")
    assert first.freeze_panes == f"A{(2 if key['title'] else 1) + key['header_rows']}"
