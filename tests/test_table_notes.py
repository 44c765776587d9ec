"""A note printed under a table is the table's; the text after it on the same page is the document's.

Budget and statistics reports print 注：本表反映… under each table and go on with the
next heading on the same page. Built here with reportlab, so it runs without ../shared.
"""

from __future__ import annotations

import json

from conftest import run_cli
from extract.pipeline import extract

SONG = "STSong-Light"
A4 = (595.28, 841.89)
NOTE = "注：本表反映部门本年度各项支出情况。"


def _report(path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(SONG))
    c = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]

    def text(x, top, s, size=14):
        c.setFont(SONG, size)
        c.drawString(x, height - top - 0.88 * size, s)

    text(150, 80, "某某区某某局2024年度部门决算", 20)
    text(80, 130, "一、收入支出情况")
    text(108, 160, "本年度收入支出情况见下表，各项支出均按预算执行。")
    xs, tops = [80, 240, 400, 515], [200, 230, 260, 290]
    for x in xs:
        c.line(x, height - tops[0], x, height - tops[-1])
    for t in tops:
        c.line(xs[0], height - t, xs[-1], height - t)
    rows = [["项目", "预算数", "决算数"], ["基本支出", "120.50", "118.30"], ["项目支出", "80.00", "79.65"]]
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            text(xs[k] + 6, tops[r] + 8, cell, 12)
    text(80, 298, NOTE, 10.5)
    text(80, 340, "二、其他需要说明的情况")
    text(108, 370, "本年度无其他需要说明的情况。")
    c.showPage()
    c.save()
    return path


def test_note_under_a_table_is_the_tables_and_the_text_after_it_is_read(tmp_path):
    doc = extract(_report(tmp_path / "report.pdf"), enrich=False)
    [table] = doc.tables
    assert table.notes == [NOTE]
    assert table.where["notes"][0].page == 1
    page = doc.parsed.pages[0]
    assert [ln.text for ln in page.tables[0].notes] == [NOTE]
    assert NOTE not in [ln.text for ln in page.lines]
    titles = [(node.label, node.title) for part in doc.outline for node in part.nodes]
    assert ("二、", "其他需要说明的情况") in titles  # after the table on the same page, not lost to it


def test_the_cli_accounts_for_every_character(tmp_path):
    pdf = _report(tmp_path / "report.pdf")
    out = run_cli("run", str(pdf), "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok: ")
    doc = json.loads((tmp_path / "out" / "report" / "document.json").read_text(encoding="utf-8"))
    assert doc["tables"][0]["notes"] == [NOTE]
    assert doc["quality"]["coverage"]["unassigned_chars"] == 0
