"""Real OFD files of ../shared/ofd (skipped when absent): notices against their golds through the CLI,
a form, a magazine whose text is all in composite objects, an e-invoice whose labels are on a template."""

from __future__ import annotations

import json
import re

import pytest

from conftest import SHARED, run_cli
from extract.parse import ParseOptions, open_source, parse

OFD = SHARED / "ofd"
NOTICES = ("o03", "o04", "o05")


def real(prefix: str):
    found = sorted(OFD.glob(f"{prefix}*.ofd")) if OFD.is_dir() else []
    if not found:
        pytest.skip("../shared/ofd is not beside the project")
    return found[0]


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def notices_run(tmp_path_factory):
    """The CLI over the three notices in one run."""
    files = [real(prefix) for prefix in NOTICES]
    out = tmp_path_factory.mktemp("ofd-notices")
    result = run_cli("run", *map(str, files), "--out", str(out), "--no-summary")
    assert result.returncode == 0, result.stderr
    return {f.name[:3]: (f, out / f.stem) for f in files}


@pytest.mark.parametrize("prefix", NOTICES)
def test_notice_fields_equal_gold(notices_run, prefix):
    source, folder = notices_run[prefix]
    gold = json.loads(source.with_name(source.name.replace(".ofd", ".gold.json")).read_text(encoding="utf-8"))
    doc = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    assert {key: doc["notice"][key] for key in gold["notice"]} == gold["notice"]
    assert doc["source"]["pages"] == gold["pages"]
    assert doc.get("seals"), "the seal picture or stamp is recorded"


def test_outline_issuer_is_read_not_the_metadata_title(notices_run):
    source, folder = notices_run["o04"]
    doc = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    assert doc["notice"]["issuers"] != [doc["source"]["title"]]


def test_form_is_read_as_lines_and_a_table():
    path = real("o06")
    gold = json.loads(path.with_name(path.name.replace(".ofd", ".gold.json")).read_text(encoding="utf-8"))["form"]
    page = parse(open_source(path), ParseOptions(ocr="never")).pages[0]
    assert compact(page.lines[0].text) == gold["title"]
    (table,) = page.tables
    rows = [[compact(c.text) if c else "" for c in row] for row in table.rows]
    for label, value in gold.items():
        if label == "title":
            continue
        row = next(r for r in rows if label in r)
        after = "".join(row[row.index(label) + 1 :])
        assert value in after, (label, value, row)


def test_composite_objects_give_the_magazine_its_text():
    doc = parse(open_source(real("x01")), ParseOptions(ocr="never"))
    lines = [line for page in doc.pages for line in [*page.lines, *page.furniture]]
    cells = [c.text for page in doc.pages for t in page.tables for row in t.rows for c in row if c]
    assert len(compact("".join(line.text for line in lines) + "".join(cells))) >= 4800
    assert doc.source.pages == 3


def test_template_labels_are_present():
    doc = parse(open_source(real("x02")), ParseOptions(ocr="never"))
    page = doc.pages[0]
    text = compact(
        "".join(line.text for line in page.lines)
        + "".join(c.text for t in page.tables for row in t.rows for c in row if c)
    )
    for label in ("电子发票（增值税专用发票）", "发票号码：", "开票日期：", "购买方信息", "名称：", "项目名称",
                  "税率/征收率", "价税合计（大写）", "（小写）", "开票人："):
        assert label in text, label
    assert "海南麒麟云服科技有限公司" in text  # the page's own values beside the template's labels


def test_an_attachment_labelled_and_titled_on_one_line_is_read_whole(notices_run):
    """o05's p.2 opens with ``附件 1 版式软件测试工作安排`` over two captioned tables, no 附件 line on p.1."""
    _, folder = notices_run["o05"]
    doc = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    parts = [(p["part"], p["label"], p["title"]) for p in doc["outline"] if p["part"] != "body"]
    assert parts == [("attachment 1", "附件1", "版式软件测试工作安排")]
    quality = json.loads((folder / "quality.json").read_text(encoding="utf-8"))
    assert quality["status"] == "ok" and quality["coverage"]["unassigned_chars"] == 0
