"""Shared fixtures: the official PDF, the gold standard (judge only), and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# a skip over ../shared while it is there fails (tests/shared_skips.py)
pytest_plugins = ["shared_skips"]

ROOT = Path(__file__).resolve().parents[1]
RAW_PDF = ROOT / "data" / "raw" / "qingpu-2022.pdf"
SHARED = ROOT.parent / "shared"
# The gold standard and the published text of data/raw's document, copied from ../shared so that a
# clone without it runs every test but those over ../shared/real (tests/test_shared_copies.py keeps
# the copies equal to ../shared when it is there).
DATA = ROOT / "tests" / "data"
GOLD = DATA / "gold" / "qingpu-2022.gold.json"
SEED = DATA / "seed" / "000_b601ba3704758aaf.txt"
REAL = SHARED / "real"


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def official_doc():
    """The official PDF through the whole pipeline, once per test session."""
    from extract.pipeline import extract

    return extract(RAW_PDF)


@dataclass(frozen=True)
class ScanRun:
    """The CLI over a scanner's copy of data/raw's PDF: the copy as made, and its outputs."""

    copy: Any  # tests.synth_scan.ScannerCopy
    result: subprocess.CompletedProcess
    out: Path  # the document's output folder

    def json(self, name: str) -> dict:
        return json.loads((self.out / name).read_text(encoding="utf-8"))


# The scanner's copy: every page at 200 dpi but the second (300 dpi), the third fed in sideways and
# the eighth upside down, the twelfth turned the other way, a red seal over the date, a small tilt per page.
SCAN_DPI = {2: 300}
SCAN_TURNED = {3: 90, 8: 180, 12: 270}


@pytest.fixture(scope="session")
def scanner_run(tmp_path_factory, official_doc) -> ScanRun:
    """A scanner's copy of the whole of data/raw's PDF (tests/synth_scan.py) through the CLI, once
    per test session: OCR is the suite's most expensive step."""
    pytest.importorskip("rapidocr_onnxruntime")
    from tests.synth_scan import scanner_copy

    folder = tmp_path_factory.mktemp("scanner-copy")
    date = official_doc.notice.where["date"][0].box
    copy = scanner_copy(
        RAW_PDF, folder / "scan.pdf", dpi=SCAN_DPI, seal=(1, (date.x0, date.top, date.x1, date.bottom)),
        turned=SCAN_TURNED,
    )
    # a generous time limit: the suite may share the machine, and the default is for one document alone
    result = run_cli(
        "run", str(copy.path), "--out", str(folder / "out"), "--no-summary", "--timeout", "1800", timeout=1900
    )
    return ScanRun(copy, result, folder / "out" / "scan")


@pytest.fixture(scope="session")
def official_parsed():
    from extract.pipeline import parse_stage

    return parse_stage(RAW_PDF)


def undescribed_properties(schema: dict) -> list[str]:
    """Paths of the properties of a JSON Schema that carry no description (a $ref carries its own)."""
    missing: list[str] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if "description" not in sub and "$ref" not in sub:
                    missing.append(f"{path}/{name}")
            for key, sub in node.items():
                walk(sub, f"{path}/{key}")
        elif isinstance(node, list):
            for sub in node:
                walk(sub, path)

    walk(schema, "")
    return missing


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """The real CLI in a fresh process, as a user runs it."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "extract", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=timeout,
    )


@dataclass(frozen=True)
class RealRun:
    """One run of the CLI over a real PDF: its result, output folder and parse cache."""

    pdf: Path
    result: subprocess.CompletedProcess
    out: Path  # the document's output folder, OUT/<stem>
    cache_dir: Path

    def json(self, name: str) -> dict:
        return json.loads((self.out / name).read_text(encoding="utf-8"))


def session_root(tmp_path_factory) -> Path:
    """A folder shared by every worker process of this test session (pytest-xdist gives each worker
    its own base temp folder inside one session folder), for results computed once per session."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    shared = root / "shared-runs"
    shared.mkdir(exist_ok=True)
    return shared


def run_once(root: Path, name: str, build: Callable[[Path], object]) -> Path:
    """``build(folder)`` run once per test session across worker processes; the others wait for it
    and get the same folder. What ``build`` returns is kept as JSON in ``folder/result.json``."""
    from filelock import FileLock

    folder = root / name
    with FileLock(str(root / f"{name}.lock")):
        done = folder / "result.json"
        if not done.exists():
            folder.mkdir(exist_ok=True)
            result = build(folder)
            done.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def real_run(tmp_path_factory) -> Callable[[str], RealRun]:
    """The CLI over a PDF of ../shared/real, run once per test session whichever tests read it, in
    whichever worker process (``run PDF --out DIR --no-summary --debug-pages --cache-dir CACHE``);
    skips without ../shared.

    The parse cache it fills lets in-process tests over the same PDF skip the parse stage:
    ``extract(pdf, cache_dir=run.cache_dir)``.
    """
    root = session_root(tmp_path_factory)

    def run(prefix: str) -> RealRun:
        matches = sorted(REAL.glob(f"{prefix}*.pdf")) if REAL.is_dir() else []
        if not matches:
            pytest.skip("../shared/real is not beside the project")
        pdf = matches[0]

        def build(folder: Path) -> dict:
            result = run_cli(
                "run", str(pdf), "--out", str(folder / "out"), "--no-summary", "--debug-pages",
                "--cache-dir", str(folder / "cache"),
            )
            return {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}

        folder = run_once(root, pdf.stem, build)
        kept = json.loads((folder / "result.json").read_text(encoding="utf-8"))
        result = subprocess.CompletedProcess(run_cli.__name__, kept["returncode"], kept["stdout"], kept["stderr"])
        return RealRun(pdf, result, folder / "out" / pdf.stem, folder / "cache")

    return run
