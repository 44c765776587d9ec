"""The status of each document: ``ok`` only when the outputs hold it, ``partial`` with the reasons, ``failed``."""

from __future__ import annotations

import io
import json
import re

import pytest

import badinputs
import synth_pages as sp
from conftest import RAW_PDF, run_cli
from extract.batch import Outcome, Progress, summary_lines
from extract.export.quality import page_span
from test_structure_synth import build_joint

UNASSIGNED = re.compile(r"\(([\d,]+) of ([\d,]+) characters unassigned\)$")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, object]:
    """A clean notice, the same notice followed by a 版记 with text after it that no output claims,
    and plain text pages."""
    folder = tmp_path_factory.mktemp("status")
    joint = build_joint(folder / "joint.pdf")
    return {
        "ok": joint,
        "unassigned": sp.concat(folder / "with-tail.pdf", joint, sp.after_colophon_page(folder / "tail.pdf")),
        "no_notice": sp.text_pages(folder / "plain.pdf", 3),
        "failed": badinputs.html(folder),
    }


def test_a_good_document_is_ok(pdfs, tmp_path):
    out = run_cli("run", str(pdfs["ok"]), "--out", str(tmp_path), "--strict", "--no-summary")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [f"ok: {pdfs['ok']} -> {tmp_path / 'joint'} (0 chars unassigned, 0 anomalies)"]
    quality = json.loads((tmp_path / "joint" / "quality.json").read_text(encoding="utf-8"))
    assert (quality["status"], quality["reasons"]) == ("ok", [])
    document = json.loads((tmp_path / "joint" / "document.json").read_text(encoding="utf-8"))
    assert document["quality"]["status"] == "ok"


def test_the_official_document_is_still_ok(tmp_path):
    out = run_cli("run", str(RAW_PDF), "--out", str(tmp_path), "--no-summary")
    assert out.returncode == 0 and out.stdout.startswith("ok: "), out.stdout + out.stderr


def test_little_assigned_text_is_partial_with_the_reason(pdfs, tmp_path):
    path = pdfs["unassigned"]
    out = run_cli("run", str(path), "--out", str(tmp_path), "--no-summary")
    assert out.returncode == 0, out.stderr
    [line] = out.stdout.splitlines()
    assert line.startswith(f"partial: {path} -> {tmp_path / 'with-tail'} (")
    unassigned, content = (int(n.replace(",", "")) for n in UNASSIGNED.search(line).groups())
    assert unassigned > 0.01 * content
    quality = json.loads((tmp_path / "with-tail" / "quality.json").read_text(encoding="utf-8"))
    assert quality["status"] == "partial"
    assert quality["reasons"] == [f"{unassigned:,} of {content:,} characters unassigned"]
    assert quality["coverage"]["content_chars"] - quality["coverage"]["assigned_chars"] == unassigned
    assert (tmp_path / "with-tail" / "document.json").exists()  # outputs are written all the same


def test_strict_exits_1_on_partial(pdfs, tmp_path):
    out = run_cli("run", str(pdfs["unassigned"]), "--out", str(tmp_path), "--strict", "--no-summary")
    assert out.returncode == 1 and out.stdout.startswith("partial: ")
    # which document failed strictness, and why
    [line] = out.stderr.splitlines()
    assert line.startswith(f"strict: {pdfs['unassigned']}: partial (") and "characters unassigned" in line


def test_no_notice_or_outline_is_partial(pdfs, tmp_path):
    out = run_cli("run", str(pdfs["no_notice"]), "--out", str(tmp_path), "--no-summary")
    assert out.returncode == 0
    path = pdfs["no_notice"]
    assert out.stdout.splitlines() == [f"partial: {path} -> {tmp_path / 'plain'} (no notice or outline found)"]


def test_batch_summary_counts_ok_partial_and_failed(pdfs, tmp_path):
    inputs = [pdfs["ok"], pdfs["unassigned"], pdfs["failed"], pdfs["no_notice"]]
    out = run_cli("run", *map(str, inputs), "--out", str(tmp_path))
    assert out.returncode == 2
    assert [line.split(":")[0] for line in out.stdout.splitlines()] == ["ok", "partial", "partial"]
    err = out.stderr.splitlines()
    assert err[0].startswith(f"error: {pdfs['failed']}: ")
    assert err[1] == "summary: 3 of 4 documents done (1 ok, 2 partial), 1 failed: saved-page.pdf"
    assert err[2].split() == ["documents", "ok", "partial", "failed", "pages", "seconds", "doc-seconds", "jobs"]
    assert err[3].split()[:4] == ["4", "1", "2", "1"]
    assert err[4] == "  partial documents:"
    assert err[5].split(None, 1)[0] == "with-tail.pdf" and err[5].endswith("characters unassigned")
    assert err[6].split(None, 1) == ["plain.pdf", "no notice or outline found"]
    assert err[7] == "  failed documents:" and err[8].split(None, 1)[0] == "saved-page.pdf"


def test_outcome_status():
    assert Outcome("a.pdf", "out/a").status == "ok"
    partial = Outcome("b.pdf", "out/b", reasons=["no notice or outline found"])
    assert partial.status == "partial" and partial.ok  # outputs were written
    failed = Outcome("c.pdf", None, "c.pdf: bad")
    assert failed.status == "failed" and not failed.ok
    lines = summary_lines([Outcome("in/a.pdf", "out/a", None, 1.0, {"pages": 3}), partial, failed], 2.0)
    assert lines[0] == "summary: 2 of 3 documents done (1 ok, 1 partial), 1 failed: c.pdf"
    assert lines[2].split()[:5] == ["3", "1", "1", "1", "3"]
    assert lines[3:] == [
        "  partial documents:",
        "    b.pdf  no notice or outline found",
        "  failed documents:",
        "    c.pdf  bad",
    ]
    bar = Progress(3, False, io.StringIO())
    for outcome in (partial, failed, partial):
        bar.update(outcome)
    assert (bar.partial, bar.failed) == (2, 1)


def testpage_spans_in_words():
    assert page_span([3]) == "page 3"
    assert page_span([1, 2, 3, 4, 5, 6, 7, 8]) == "pages 1–8"
    assert page_span([7, 2, 5, 6]) == "pages 2, 5–7"
