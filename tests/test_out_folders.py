"""A document's output folder is always a new child of --out; nothing else there is ever removed.

An input named ``..pdf`` has the stem ``.``: its folder used to be ``--out`` itself, swapped out and
removed whole with every other document's results. Links planted at the names of the folder's
temporary and backup siblings must neither be followed nor make the document fail.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import SEED, run_cli
from extract.batch import Options, process_document
from extract.errors import InputError
from extract.export.folders import NAME_BYTES, folder_name, replace_dir
from synth_pages import text_pages


@pytest.fixture(scope="module")
def one_page(tmp_path_factory) -> Path:
    return text_pages(tmp_path_factory.mktemp("pdf") / "page.pdf", 1)


def _earlier(out: Path) -> None:
    """Earlier results in --out and a folder beside it, which no run may touch."""
    (out / "keep-me").mkdir(parents=True)
    (out / "keep-me" / "result.json").write_text("{}", encoding="utf-8")
    (out.parent / "beside").mkdir()
    (out.parent / "beside" / "data.txt").write_text("kept", encoding="utf-8")


def _intact(out: Path) -> None:
    assert (out / "keep-me" / "result.json").read_text(encoding="utf-8") == "{}"
    assert (out.parent / "beside" / "data.txt").read_text(encoding="utf-8") == "kept"


@pytest.mark.parametrize(
    ("stem", "name"),
    [
        ("", "_"),
        (".", "_"),
        ("..", "__"),
        (".hidden", "_hidden"),
        (".a.old", "_a.old"),
        ("a/b", "a_b"),
        ("a\\b", "a_b"),
        ("nul\0byte", "nul_byte"),
        ("通知", "通知"),
        ("report.final", "report.final"),
    ],
)
def test_folder_name_is_a_new_child(stem: str, name: str) -> None:
    assert folder_name(stem) == name


def test_folder_name_is_cut_to_a_length_every_file_system_takes() -> None:
    name = folder_name("通" * 200)
    assert len(name.encode("utf-8")) <= NAME_BYTES and name == "通" * (NAME_BYTES // 3)


def test_replace_dir_refuses_a_target_that_is_not_a_child(tmp_path: Path) -> None:
    new = tmp_path / "new"
    new.mkdir()
    for target in (tmp_path / "sub" / "..", tmp_path, Path("..")):
        with pytest.raises(InputError):
            replace_dir(new, target)
    assert new.is_dir()


def test_dotdot_pdf_alone_writes_a_child_and_keeps_out(tmp_path: Path, one_page: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    dotdot = shutil.copy(one_page, src / "..pdf")
    out = tmp_path / "box" / "out"
    _earlier(out)
    for _ in range(2):  # the second run replaces the first one's folder, and only it
        result = run_cli("run", str(dotdot), "--out", str(out), "--no-summary")
        assert result.returncode == 0, result.stderr
        assert f"-> {out / '_'}" in result.stdout
        _intact(out)
        assert (out / "_" / "document.json").is_file()
    assert sorted(p.name for p in out.iterdir()) == ["_", "keep-me"]


def test_dotdot_among_a_batch_keeps_the_other_results(tmp_path: Path, one_page: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    inputs = [shutil.copy(one_page, src / name) for name in ("..pdf", "b.pdf", ".hidden.pdf")]
    text = shutil.copy(SEED, src / "..txt")  # the same folder name as ..pdf: refused, not merged
    out = tmp_path / "out"
    _earlier(out)
    result = run_cli("run", *map(str, [*inputs, text]), "--out", str(out), "--jobs", "2")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "..txt: another input" in errors[0], result.stderr
    _intact(out)
    assert sorted(p.name for p in out.iterdir()) == ["_", "_hidden", "b", "keep-me"]
    for name in ("_", "_hidden", "b"):
        assert (out / name / "document.json").is_file()


def test_planted_links_are_neither_followed_nor_in_the_way(tmp_path: Path, one_page: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("mine", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    pdf = shutil.copy(one_page, tmp_path / "doc.pdf")
    # the names the old code used for the backup sibling, and the folder itself, pointing outside
    (out / ".doc.old").symlink_to(outside, target_is_directory=True)
    (out / "doc").symlink_to(outside, target_is_directory=True)
    for _ in range(2):
        outcome = process_document(pdf, out, Options(max_memory=None))
        assert outcome.error is None, outcome.error
        assert (out / "doc").is_dir() and not (out / "doc").is_symlink()
        assert (out / "doc" / "document.json").is_file()
    assert [p.name for p in outside.iterdir()] == ["precious.txt"]
    assert (outside / "precious.txt").read_text(encoding="utf-8") == "mine"
    assert (out / ".doc.old").is_symlink()  # not ours to remove
    assert sorted(p.name for p in out.iterdir()) == [".doc.old", "doc"]


def test_out_that_is_a_file_is_named_as_such(tmp_path: Path, one_page: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    for out, said in ((afile, "is a file"), (afile / "sub", f"is inside {afile}, which is a file")):
        result = run_cli("run", str(one_page), "--out", str(out))
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == f"error: --out {out} {said}, not a folder; give a folder\n"


def test_odd_file_names_are_read_and_printed_safely(tmp_path: Path, one_page: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    names = ["a\nb.pdf", "x\x1b[31mred.pdf", os.fsdecode(b"bad\xff.pdf")]
    for name in names:
        shutil.copy(one_page, src / name)
    out = tmp_path / "out"
    result = run_cli("run", *(str(src / n) for n in names), "--out", str(out), "--no-progress")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and "\x1b" not in result.stdout + result.stderr
    assert lines[0].startswith(f"partial: {str(src / names[0])!r} -> {str(out / ('a' + chr(10) + 'b'))!r} (")
    assert lines[2].startswith(f"partial: {str(src / names[2])!r} -> ")
    assert '"file": "bad\ufffd.pdf"' in (out / os.fsdecode(b"bad\xff") / "document.json").read_text(encoding="utf-8")


def test_a_text_dump_over_the_page_limit_is_not_called_a_pdf(tmp_path: Path) -> None:
    dump = tmp_path / "pages.txt"
    dump.write_text("\f".join(f"第{n}页的正文。" for n in range(1, 5)), encoding="utf-8")
    result = run_cli("run", str(dump), "--out", str(tmp_path / "out"), "--max-pages", "2")
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {dump}: the text dump has 4 pages, more than the limit of 2")
