"""What the command line says: status lines as documents finish, globs that match nothing,
--strict naming the document, numeric options, cut texts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import RAW_PDF, ROOT, SEED
from extract.cli import main
from extract.export.quality import cut, summary_lines
from extract.run.batch import Outcome
from extract.run.report import InOrder, strict_failures


def test_status_lines_come_as_each_document_finishes_when_stdout_is_a_pipe(tmp_path):
    """A log or CI sees the first document's line while the next one is still being read: the line is
    there before the second document's outputs are. A glob that matches nothing beside them is named."""
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    args = [str(SEED), str(RAW_PDF), str(tmp_path / "none" / "*.pdf"), "--out", str(out), "--strict"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "extract", "run", *args, "--page-workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )
    try:
        first = proc.stdout.readline()
        second_done = (out / RAW_PDF.stem).exists()
        rest, err = proc.communicate(timeout=600)
    finally:
        proc.kill()
    assert first.startswith(f"ok: {SEED} -> "), first + err
    assert not second_done, "the first line came only after the whole batch"
    assert rest.startswith(f"ok: {RAW_PDF} -> ")
    lines = err.splitlines()
    assert lines[0] == f"warning: no input matches {str(tmp_path / 'none' / '*.pdf')!r}"
    assert f"strict: {RAW_PDF}: 2 anomalies" in lines and lines[-3].startswith("summary: 2 of 2 documents done")
    assert proc.returncode == 1


def test_nothing_matching_at_all_is_an_error(tmp_path, capsys):
    assert main(["run", str(tmp_path / "*.pdf"), str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"error: no input matches {str(tmp_path / '*.pdf')!r}, {str(tmp_path)!r}; give PDF, OFD, image or .txt"
        " files, folders of them, or globs"
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "x.pdf", "--out", "o", "--timeout", "-1"],
        ["run", "x.pdf", "--out", "o", "--max-pages", "-1"],
        ["run", "x.pdf", "--out", "o", "--jobs", "-1"],
        ["run", "x.pdf", "--out", "o", "--page-workers", "-1"],
        ["db", "d", "--out", "x.duckdb", "--jobs", "-1"],
    ],
    ids=lambda argv: argv[-2],
)
def test_a_negative_number_is_refused_alike_for_every_option(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    [line] = capsys.readouterr().err.splitlines()
    option = argv[-2]
    assert line.startswith(f"error: argument {option}") and ": -1 is negative; give " in line, line
    assert line.endswith(f"(see gongwen-extract {argv[0]} --help)")


def test_a_number_option_that_is_no_number_is_one_line(capsys):
    with pytest.raises(SystemExit):
        main(["run", "x.pdf", "--out", "o", "--timeout", "soon"])
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: argument --timeout: 'soon' is not a number")


def test_strict_names_each_document_and_why():
    ok = Outcome("a.pdf", "o/a", stats={"anomalies": 0})
    one = Outcome("b.pdf", "o/b", stats={"anomalies": 1})
    partial = Outcome("c.pdf", "o/c", stats={"anomalies": 6}, reasons=["no notice or outline found"])
    failed = Outcome("d.pdf", None, "d.pdf: empty")
    assert strict_failures([ok, one, partial, failed]) == [
        "strict: b.pdf: 1 anomaly",
        "strict: c.pdf: partial (no notice or outline found), 6 anomalies",
    ]


def test_outcomes_are_handed_on_in_input_order_as_soon_as_those_before_them_are_done():
    seen: list[str] = []
    early = Outcome("b.pdf", None, "b.pdf: the same name as a.pdf")
    printer = InOrder(["a.pdf", "b.pdf", "c.pdf", "d.pdf"], lambda o: seen.append(o.input), [early])
    printer(Outcome("c.pdf", "o/c"))
    assert seen == []
    printer(Outcome("a.pdf", "o/a"))
    assert seen == ["a.pdf", "b.pdf", "c.pdf"]
    printer.finish([Outcome(n, None) for n in ("a.pdf", "b.pdf", "c.pdf", "d.pdf")])
    assert seen == ["a.pdf", "b.pdf", "c.pdf", "d.pdf"]


def test_cut_texts_end_with_an_ellipsis(official_doc):
    from extract.export.quality import quality_report

    assert cut("短", 3) == "短" and cut("一二三四五", 3) == "一二…"
    report = quality_report(official_doc)
    report["warnings"] = ["w" * 100, "short warning"]
    lines = summary_lines(report, tables=1)
    assert f"  warning: {'w' * 68}…" in lines and "  warning: short warning" in lines
    assert all(len(line) <= 80 for line in lines if "warning" in line)


def test_output_piped_into_head_ends_without_a_traceback(tmp_path):
    """``run … | head -1``: the reader stops after one line; the other documents are still written,
    and nothing but the lines read reaches the terminal."""
    import shutil
    import subprocess
    import sys

    from conftest import ROOT, SEED

    inputs = []
    for i in range(3):
        dump = tmp_path / f"doc{i}.txt"
        shutil.copy(SEED, dump)
        inputs.append(str(dump))
    env = {**__import__("os").environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "extract", "run", *inputs, "--out", str(tmp_path / "out"), "--no-summary"]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    first = run.stdout.readline()
    run.stdout.close()  # as head does after its line
    stderr = run.stderr.read().decode()
    run.wait(timeout=300)
    assert first.startswith(b"ok: ")
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["doc0", "doc1", "doc2"]


def test_the_status_line_counts_one_anomaly_in_the_singular():
    from extract.batch import Outcome
    from extract.cli import status_line

    def line(n: int) -> str:
        return status_line(Outcome("a.pdf", "out/a", None, 1.0, {"unassigned_chars": 0, "anomalies": n}))

    assert line(1).endswith("(0 chars unassigned, 1 anomaly)")
    assert line(2).endswith("(0 chars unassigned, 2 anomalies)")


def _office_files(folder):
    import zipfile

    def zipped(name: str, parts: dict[str, str]):
        with zipfile.ZipFile(folder / name, "w") as archive:
            for part, text in parts.items():
                archive.writestr(part, text)
        return folder / name

    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600)
    (folder / "notice.doc").write_bytes(ole)
    (folder / "notice.wps").write_bytes(ole)
    (folder / "notice.rtf").write_bytes(b"{\\rtf1\\ansi \\u36890? }")
    (folder / "photo.heic").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(100))
    (folder / "photo.avif").write_bytes(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + bytes(100))
    zipped("notice.docx", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
    zipped("table.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    zipped("notice.odt", {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
    return {
        "notice.doc": "older binary format (.doc, .wps, .xls), not a PDF; export it as PDF",
        "notice.wps": "older binary format (.doc, .wps, .xls), not a PDF; export it as PDF",
        "notice.rtf": "an RTF document, not a PDF; export it as PDF",
        "photo.heic": "a HEIC/HEIF photo (an iPhone's default), which is not read; save it as JPEG",
        "photo.avif": "an AVIF image, which is not read; save it as JPEG or PNG",
        "notice.docx": "a Word document (.docx), not a PDF or OFD; export it as PDF",
        "table.xlsx": "an Excel workbook (.xlsx), not a PDF or OFD; export it as PDF",
        "notice.odt": "an OpenDocument file (.odt, .ods), not a PDF or OFD; export it as PDF",
    }


def test_a_document_in_another_format_is_named_with_what_to_do(tmp_path, capsys):
    """A careful newcomer hands over what they have: the notice as a Word or WPS file, a photo as the
    iPhone saved it. Each gets one line naming what it is and what to do."""
    expected = _office_files(tmp_path)
    for name, says in expected.items():
        code = main(["run", str(tmp_path / name), "--out", str(tmp_path / "out"), "--max-memory", "0"])
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1, err
        assert err.startswith(f"error: {tmp_path / name}: the file is ") and says in err, err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_input_given_without_a_verb_or_an_out_folder_is_told_what_to_write(tmp_path, capsys):
    assert main([str(RAW_PDF)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {str(RAW_PDF)!r} is no command; to read it: gongwen-extract run {RAW_PDF} --out OUT\n"
    assert main(["notice.pdf", "--out", "o"]) == 2  # a name that is not there yet, as typed
    assert capsys.readouterr().err.endswith("gongwen-extract run notice.pdf --out o\n")
    with pytest.raises(SystemExit) as stop:
        main(["run", str(RAW_PDF)])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: say where the outputs go: --out FOLDER") and err.count("\n") == 1
    with pytest.raises(SystemExit):
        main(["frobnicate"])  # not a file: argparse's own line
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err
