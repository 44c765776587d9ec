"""Batch runs: many inputs, --jobs N worker processes, failures that stay per document."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

import badinputs
from conftest import RAW_PDF, run_cli
from extract import batch
from extract.batch import Options, Outcome, Progress, plan, process_document, run_batch, summary_lines
from extract.cli import main


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    """Three copies of the official PDF with a bad file between them."""
    folder = tmp_path_factory.mktemp("in")
    paths = []
    for name in ("a.pdf", "b.pdf"):
        shutil.copy(RAW_PDF, folder / name)
        paths.append(folder / name)
    paths.append(badinputs.html(folder))
    shutil.copy(RAW_PDF, folder / "c.pdf")
    paths.append(folder / "c.pdf")
    return paths


@pytest.fixture(scope="module")
def sequential(inputs, tmp_path_factory) -> tuple[Path, list[Outcome]]:
    out = tmp_path_factory.mktemp("seq")
    return out, run_batch(inputs, out, jobs=1)


def test_process_document_good_and_bad(tmp_path):
    ok = process_document(RAW_PDF, tmp_path)
    assert ok.ok and ok.error is None
    assert Path(ok.out_dir) == tmp_path / RAW_PDF.stem
    assert (tmp_path / RAW_PDF.stem / "document.json").exists()
    assert ok.stats["pages"] == 22 and ok.seconds > 0
    bad = badinputs.truncated(tmp_path)
    failed = process_document(bad, tmp_path)
    assert not failed.ok and failed.out_dir is None
    assert failed.error.startswith(f"{bad}: ") and "damaged or truncated" in failed.error
    assert "\n" not in failed.error
    assert not (tmp_path / bad.stem).exists()


def test_unexpected_exception_is_one_line_for_that_document(tmp_path, monkeypatch):
    import extract.pipeline

    def boom(path, **_):
        raise ValueError("unexpected\nstate in stage")

    monkeypatch.setattr(extract.pipeline, "extract", boom)
    outcome = process_document(RAW_PDF, tmp_path, Options())
    assert outcome.error == (
        f"{RAW_PDF}: internal error while processing (ValueError: unexpected state in stage); please report it with"
        " the PDF (EXTRACT_TRACEBACK=1 shows the traceback)"
    )


def test_cli_reports_unexpected_exception_without_traceback(tmp_path, monkeypatch, capsys):
    import extract.pipeline

    real = extract.pipeline.extract

    def flaky(path, **kwargs):
        if Path(path).stem == "b":
            raise KeyError("surprise")
        return real(path, **kwargs)

    monkeypatch.setattr(extract.pipeline, "extract", flaky)
    for name in ("a.pdf", "b.pdf"):
        shutil.copy(RAW_PDF, tmp_path / name)
    rc = main(["run", str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf"), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert rc == 2
    errors = [line for line in captured.err.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {tmp_path / 'b.pdf'}: internal error while processing (KeyError: 'surprise'); please"
                      " report it with the PDF (EXTRACT_TRACEBACK=1 shows the traceback)"]
    assert "Traceback" not in captured.err
    assert "summary: 1 of 2 documents done (1 ok, 0 partial), 1 failed: b.pdf" in captured.err
    Q = " (0 chars unassigned, 2 anomalies)"
    assert captured.out.splitlines()[0] == f"ok: {tmp_path / 'a.pdf'} -> {tmp_path / 'out' / 'a'}{Q}"
    assert (tmp_path / "out" / "a" / "document.json").exists() and not (tmp_path / "out" / "b").exists()


def test_traceback_on_request(tmp_path, monkeypatch, capfd):
    import extract.pipeline

    def boom(path, **_):
        raise ValueError("deep down")

    monkeypatch.setattr(extract.pipeline, "extract", boom)
    monkeypatch.setenv("EXTRACT_TRACEBACK", "1")
    outcome = process_document(RAW_PDF, tmp_path)
    err = capfd.readouterr().err
    assert "Traceback" in err and "ValueError: deep down" in err
    assert "internal error while processing (ValueError: deep down)" in outcome.error


def test_sequential_batch_keeps_going_and_keeps_order(inputs, sequential):
    out, outcomes = sequential
    assert [o.input for o in outcomes] == [str(p) for p in inputs]
    assert [o.ok for o in outcomes] == [True, True, False, True]
    assert "not a PDF" in outcomes[2].error
    assert sorted(p.name for p in out.iterdir()) == ["a", "b", "c"]


def test_jobs_2_writes_the_same_bytes_as_jobs_1(inputs, sequential, tmp_path):
    seq_out, seq = sequential
    outcomes = run_batch(inputs, tmp_path, jobs=2)
    assert [(o.input, o.ok, o.error) for o in outcomes] == [(o.input, o.ok, o.error) for o in seq]
    assert [o.stats for o in outcomes] == [o.stats for o in seq]
    assert tree_bytes(tmp_path) == tree_bytes(seq_out)


def test_jobs_through_the_cli(inputs, sequential, tmp_path):
    seq_out, _ = sequential
    out = run_cli("run", *map(str, inputs), "--out", str(tmp_path), "--jobs", "2")
    assert out.returncode == 2
    Q = " (0 chars unassigned, 2 anomalies)"
    expected = [f"ok: {p} -> {tmp_path / p.stem}{Q}" for p in inputs if p.stem != "saved-page"]
    assert out.stdout.splitlines() == expected
    errors = [line for line in out.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {inputs[2]}: ")
    assert "summary: 3 of 4 documents done (3 ok, 0 partial), 1 failed: saved-page.pdf" in out.stderr
    assert "failed documents:" in out.stderr and "Traceback" not in out.stderr
    # not a terminal: no progress bar anywhere
    assert "\r" not in out.stderr and "doc/s" not in out.stderr and "it/s" not in out.stderr
    assert tree_bytes(tmp_path) == tree_bytes(seq_out)


def crash_on_b(path, out_root, options):
    """A worker that dies hard on b.pdf, as a native crash or the OOM killer would leave it."""
    if Path(path).stem == "b":
        os._exit(13)
    return Outcome(str(path), str(Path(out_root) / Path(path).stem), None, 0.0, {"pages": 1})


def test_a_dying_worker_fails_only_its_document(tmp_path):
    paths = [tmp_path / f"{name}.pdf" for name in "abcde"]
    outcomes = run_batch(paths, tmp_path / "out", jobs=2, worker=crash_on_b)
    assert [o.ok for o in outcomes] == [True, False, True, True, True]
    assert "worker process died" in outcomes[1].error and outcomes[1].error.startswith(f"{paths[1]}: ")


def test_plan_runs_a_file_once_and_refuses_colliding_stems(tmp_path):
    a = tmp_path / "x" / "doc.pdf"
    b = tmp_path / "y" / "DOC.pdf"
    unique, early = plan([a, a, tmp_path / "x" / ".." / "x" / "doc.pdf", b], tmp_path / "out")
    assert unique == [a, b]
    assert list(early) == [1]
    assert early[1].error.startswith(f"{b}: another input, {a}, has the same name")


def test_summary_table():
    outcomes = [
        Outcome("in/a.pdf", "out/a", None, 1.5, {"pages": 22}),
        Outcome("in/bad.pdf", None, "in/bad.pdf: the file is empty (0 bytes); download it again", 0.01),
    ]
    lines = summary_lines(outcomes, 2.0, 2)
    assert lines[0] == "summary: 1 of 2 documents done (1 ok, 0 partial), 1 failed: bad.pdf"
    assert lines[1].split() == ["documents", "ok", "partial", "failed", "pages", "seconds", "doc-seconds", "jobs"]
    assert lines[2].split() == ["2", "1", "0", "1", "22", "2.0", "1.5", "2"]
    assert lines[-1].split(None, 1) == ["bad.pdf", "the file is empty (0 bytes); download it again"]
    assert not any(line.startswith("error:") for line in lines)


def test_progress_bar_only_when_asked_or_on_a_terminal():
    stream = io.StringIO()
    bar = Progress(2, None, stream)  # automatic; a StringIO is not a terminal
    bar.update(Outcome("a", "o/a"))
    bar.close()
    assert stream.getvalue() == ""
    bar = Progress(2, True, stream)
    bar.update(Outcome("a", "o/a"))
    bar.update(Outcome("b", None, "b: bad"))
    bar.close()
    assert "0/2" in stream.getvalue() and "doc/s" in stream.getvalue()
    assert bar.failed == 1


def test_cli_importing_stays_light():
    out = run_cli("run", "--help")
    assert out.returncode == 0 and "--jobs" in out.stdout and "--dask" in out.stdout
    import subprocess
    import sys

    code = (
        "import sys; from extract import cli, batch; "
        "heavy = [m for m in ('pdfplumber', 'pdfminer', 'pandas', 'openpyxl', 'jieba', 'numpy', 'tqdm', 'dask')"
        " if m in sys.modules]; print(heavy)"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(batch.__file__).parents[1]))
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert res.stdout.strip() == "[]"


@pytest.mark.parametrize("args, words", [
    (["--jobs", "-1"], "worker processes"),
    (["--jobs", "two"], "whole number"),
    (["--jobs", "2", "--dask", "tcp://127.0.0.1:8786"], "alternatives"),
])
def test_bad_batch_options(tmp_path, args, words):
    out = run_cli("run", str(RAW_PDF), "--out", str(tmp_path), *args)
    assert out.returncode == 2
    assert words in out.stderr and "Traceback" not in out.stderr
    assert not any(tmp_path.iterdir())
