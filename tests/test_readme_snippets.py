"""README snippets run as printed: pasted into a plain script and run in a fresh process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT

README = ROOT / "README.md"


def snippet(after: str, lang: str = "python") -> str:
    """The first ```lang block of the README after the line holding ``after``, unindented."""
    text = README.read_text(encoding="utf-8")
    start = text.index(after)
    m = re.compile(rf"^([ \t]*)```{lang}\n(.*?)^\1```", re.M | re.S).search(text, start)
    assert m, f"no {lang} block after {after!r}"
    return textwrap.dedent(m.group(2))


def run_script(code: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python script.py`` in ``cwd``, the package importable as after ``make``."""
    script = cwd / "script.py"
    script.write_text(code, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, str(script)], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def project_inputs(cwd: Path) -> None:
    """The inputs the README names, at the same relative paths as in the project."""
    (cwd / "data").mkdir()
    (cwd / "data" / "raw").symlink_to(ROOT / "data" / "raw")
    (cwd / "tests" / "data").mkdir(parents=True)
    (cwd / "tests" / "data" / "seed").symlink_to(ROOT / "tests" / "data" / "seed")


def test_the_batch_api_example_runs_in_a_plain_script_without_a_main_guard(tmp_path):
    code = snippet("- **From Python**:")
    assert "run_batch(" in code and "jobs=2" in code and "__main__" not in code
    project_inputs(tmp_path)
    result = run_script(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "died" not in result.stdout, result.stderr
    assert result.stdout.splitlines() == [
        "ok data/raw/qingpu-2022.pdf ",
        "ok tests/data/seed/000_b601ba3704758aaf.txt ",
    ]
    for stem in ("qingpu-2022", "000_b601ba3704758aaf"):
        assert (tmp_path / "out" / stem / "document.json").is_file()


def test_the_callers_script_is_left_alone_only_while_the_pool_runs(monkeypatch):
    """A plain script's __main__ gets a stand-in spec for the pool's lifetime, and only when the
    task does not live in it (a task defined in the script still needs the script in the workers)."""
    import types

    from extract.run.batch import process_document
    from extract.run.callers_script import callers_script_left_alone

    script = types.ModuleType("__main__")
    script.__file__ = "/somewhere/script.py"
    script.__spec__ = None
    monkeypatch.setitem(sys.modules, "__main__", script)
    with callers_script_left_alone(process_document):
        assert script.__spec__.name == "__main__"
    assert script.__spec__ is None

    def own_task():
        pass

    own_task.__module__ = "__main__"
    with callers_script_left_alone(own_task):
        assert script.__spec__ is None


def run_shell_snippet(after: str, tmp_path: Path) -> None:
    """The ```sh block after ``after`` in a shell, its /tmp paths moved into ``tmp_path``: its last line's
    status is the one the README prints beside the command."""
    code = snippet(after, "sh").replace("/tmp/", f"{tmp_path}/")
    printed = code.splitlines()[-1].split("# ", 1)[1]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    result = subprocess.run(
        ["bash", "-e", "-c", code.replace(".venv/bin/python", sys.executable)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [printed]


def test_the_image_example_runs_as_printed(tmp_path):
    pytest.importorskip("rapidocr_onnxruntime")
    run_shell_snippet("## Image files", tmp_path)


def test_the_pages_joined_example_runs_as_printed(tmp_path):
    """Photos of a document's pages joined into one TIFF read as one document of two pages."""
    pytest.importorskip("rapidocr_onnxruntime")
    run_shell_snippet("- **A document photographed page by page**", tmp_path)
    import json

    doc = json.loads((tmp_path / "image-out" / "notice" / "document.json").read_text(encoding="utf-8"))
    assert doc["source"]["pages"] == 2 and doc["notice"]["doc_number"] == "青教〔2022〕1号"
