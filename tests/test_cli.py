"""The real CLI on real and bad inputs."""

from __future__ import annotations

import json
import shutil

import pytest

import badinputs
import extract
from conftest import RAW_PDF, run_cli

BAD = {
    "empty": (badinputs.empty, "empty"),
    "html": (badinputs.html, "not a PDF"),
    "truncated": (badinputs.truncated, "damaged or truncated"),
    "encrypted": (badinputs.encrypted, "--password"),
    "scan": (badinputs.scanned, "OCR"),
}


def test_version_and_help():
    out = run_cli("--version")
    assert out.returncode == 0 and extract.__version__ in out.stdout
    help_text = run_cli("run", "--help").stdout
    for option in ("--out", "--password", "--debug-pages"):
        assert option in help_text
    assert "text dumps (.txt" in help_text and "examples:" in help_text and "exit codes:" in help_text


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_error_line_and_exit_2(tmp_path, case):
    make, words = BAD[case]
    path = make(tmp_path)
    out = run_cli("run", str(path), "--out", str(tmp_path / "out"))
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("error: ") and words in lines[0]
    assert lines[0].removeprefix(f"error: {path}: ").count(words) == 1, lines[0]  # said once, not twice
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "out" / path.stem).exists()
    # no temporary folder is left behind either
    assert [p.name for p in (tmp_path / "out").glob("*")] in ([], None) or not (tmp_path / "out").exists()


def test_missing_path(tmp_path):
    out = run_cli("run", str(tmp_path / "nope.pdf"), "--out", str(tmp_path / "out"))
    assert out.returncode == 2
    assert out.stderr.startswith("error: ") and "no such file" in out.stderr
    assert "Traceback" not in out.stderr


def test_encrypted_with_password_works(tmp_path):
    path = badinputs.encrypted(tmp_path, password="s3cret")
    out = run_cli("run", str(path), "--password", "s3cret", "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    doc = json.loads((tmp_path / "out" / "encrypted" / "document.json").read_text(encoding="utf-8"))
    assert doc["source"]["pages"] == 22
    wrong = run_cli("run", str(path), "--password", "nope", "--out", str(tmp_path / "out2"))
    assert wrong.returncode == 2 and "password" in wrong.stderr


def test_bad_input_leaves_earlier_output_untouched(tmp_path):
    good = tmp_path / "doc.pdf"
    shutil.copy(RAW_PDF, good)
    out_dir = tmp_path / "out"
    assert run_cli("run", str(good), "--out", str(out_dir)).returncode == 0
    before = {str(p.relative_to(out_dir)): p.read_bytes() for p in (out_dir / "doc").rglob("*") if p.is_file()}
    good.write_bytes(RAW_PDF.read_bytes()[:5000])  # the same stem, now broken
    out = run_cli("run", str(good), "--out", str(out_dir))
    assert out.returncode == 2
    after = {str(p.relative_to(out_dir)): p.read_bytes() for p in (out_dir / "doc").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in out_dir.iterdir()) == ["doc"]


def test_one_bad_file_fails_alone(tmp_path):
    good = tmp_path / "good.pdf"
    shutil.copy(RAW_PDF, good)
    bad = badinputs.html(tmp_path)
    out = run_cli("run", str(bad), str(good), "--out", str(tmp_path / "out"))
    assert out.returncode == 2
    assert (tmp_path / "out" / "good" / "document.json").exists()
    assert not (tmp_path / "out" / bad.stem).exists()
    assert "summary: 1 of 2" in out.stderr and bad.name in out.stderr
    assert "Traceback" not in out.stderr


def test_folder_and_glob_inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf"):
        shutil.copy(RAW_PDF, folder / name)
    out = run_cli("run", str(folder), "--out", str(tmp_path / "o1"))
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "o1").iterdir()) == ["a", "b"]
    out = run_cli("run", str(folder / "a*.pdf"), "--out", str(tmp_path / "o2"))
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "o2").iterdir()) == ["a"]


@pytest.mark.parametrize(
    ("given", "documents", "expected"),
    [("0", 1, "cpus"), ("3", 1, 3), ("1", 5, 1), (None, 5, 1)],
)
def test_page_workers_as_the_help_says(given, documents, expected, monkeypatch):
    import os

    from extract.cli import _page_workers
    from extract.cli_args import build_parser

    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    argv = ["run", "x.pdf", "--out", "o"] + (["--page-workers", given] if given is not None else [])
    args = build_parser().parse_args(argv)
    assert _page_workers(args, documents) == (6 if expected == "cpus" else expected)
