"""datapackage.json is valid for Frictionless: on every real PDF, and on a table printed without data."""

from __future__ import annotations

import json

import pytest

from conftest import REAL
from extract.export import write_outputs
from extract.pipeline import extract
from synth_table import HeaderCell, TablePage, render, two_row_header

frictionless = pytest.importorskip("frictionless")


def _problems(package) -> list:
    report = frictionless.validate(str(package))
    return report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])[:10]


def test_a_table_printed_without_data_is_no_resource_and_the_package_validates(tmp_path):
    """As a 部门决算 prints the table of funds the bureau did not have: its header over blank rows."""
    full = TablePage(
        title="收入支出决算表",
        header=[HeaderCell("科目编码", 0, 0), HeaderCell("科目名称", 0, 1), HeaderCell("本年支出", 0, 2)],
        rows=[["2010101", "行政运行", "120.5"], ["2010102", "一般行政管理事务", "30"]],
    )
    empty = TablePage(
        title="政府性基金预算财政拨款收入支出决算表",
        header=two_row_header(["科目编码", "年初结转", "本年支出"], "项目", (0, 1)),
        header_rows=2,
        rows=[["", "", ""], ["", "", ""], ["", "", ""]],
        text_before=["（本页为另一张表）"],
        text_after=["说明：本单位本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"],
    )
    pdf = render(tmp_path / "accounts.pdf", [full, empty], [90.0, 200.0, 90.0])
    doc = extract(pdf, enrich=False)
    out = tmp_path / "out"
    write_outputs(doc, out)
    tables = json.loads((out / "document.json").read_text(encoding="utf-8"))["tables"]
    assert [t["row_count"] for t in tables] == [2, 3]
    assert [c["text"] for c in tables[1]["cells"] if c["text"]] == []
    assert (out / "tables" / "02.csv").is_file()  # the table as printed is still written
    resources = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert [r["path"] for r in resources if r["path"].startswith("tables/")] == ["tables/01.csv"]
    assert _problems(out / "datapackage.json") == []


@pytest.mark.parametrize("stem", sorted(p.stem for p in REAL.glob("*.pdf")) if REAL.is_dir() else [])
def test_every_real_pdfs_data_package_validates(real_run, stem):
    run = real_run(stem)
    assert run.result.returncode == 0, run.result.stderr
    assert _problems(run.out / "datapackage.json") == []
    package = json.loads((run.out / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    for table in run.json("document.json")["tables"]:
        has_data = any(c["text"].strip() for c in table["cells"])
        assert (table["file"] in paths) == has_data, table["file"]
