"""Shared fixtures: the official PDF, the gold standard (judge only), and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW_PDF = ROOT / "data" / "raw" / "qingpu-2022.pdf"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "qingpu-2022.gold.json"
SEED = SHARED / "seed" / "000_b601ba3704758aaf.txt"


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD.exists():
        pytest.skip("gold standard not present (../shared/gold)")
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def official_doc():
    """The official PDF through the whole pipeline, once per test session."""
    from extract.pipeline import extract

    return extract(RAW_PDF)


@pytest.fixture(scope="session")
def official_parsed():
    from extract.parse import parse_pdf

    return parse_pdf(RAW_PDF)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real CLI in a fresh process, as a user runs it."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "extract", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=600,
    )
