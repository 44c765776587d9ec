"""The outline of the real PDFs in ../shared/real against their hand-checked gold, scored by the
gold's own score.py (headings per part matched by level, number and title, in order; missing and
invented ones both count). Skipped where ../shared/real is absent."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REAL

CASES = [
    "r01-hainan-2024-agri-joint-notice",  # a 实施方案 without label on the notice's page; a 1./1.1/1.1.1 catalogue
    "r03-guangxi-2023-npc-gonggao-regulation",  # a 公告 and its 条例: 目录, 第X章/第X条
    "r07-npcsc-2021-gazette-law-2col",  # a law in a two-column gazette
    "s01-moa-2025-yijian-SCAN",  # a scan read by OCR: a 意见 with a 部署 outline
]
THRESHOLD = 0.95


def outline_score(document_json, gold) -> tuple[int, int, str]:
    result = subprocess.run(
        [sys.executable, str(REAL / "score.py"), str(document_json), str(gold), "--show", "5"],
        capture_output=True,
        text=True,
        check=False,
    )
    m = re.search(r"outline (\d+)/(\d+) headings", result.stdout)
    assert m, result.stdout + result.stderr
    return int(m.group(1)), int(m.group(2)), result.stdout


@pytest.mark.parametrize("stem", CASES)
def test_outline_scores_against_gold(stem, real_run):
    pdf, gold = REAL / f"{stem}.pdf", REAL / "gold" / f"{stem}.gold.json"
    if not (pdf.exists() and gold.exists() and (REAL / "score.py").exists()):
        pytest.skip("../shared/real is not beside the project")
    run = real_run(stem)
    assert run.result.returncode == 0, run.result.stderr
    matched, total, report = outline_score(run.out / "document.json", gold)
    assert matched >= THRESHOLD * total, report
