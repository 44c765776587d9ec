"""A fixed-seed sample of the PDF fuzzer for CI; the full run is ``fuzz_pdf.py --cases 2000``."""

from __future__ import annotations

import json
import os

import fuzz_pdf

SEED = "ci"
# 60 cases keep the sample near a minute on 2 cores; EXTRACT_FUZZ_CASES asks for more.
CASES = int(os.environ.get("EXTRACT_FUZZ_CASES", "60"))


def test_mutations_are_deterministic():
    a = fuzz_pdf.make_case(SEED, 7)
    b = fuzz_pdf.make_case(SEED, 7)
    assert a == b
    assert fuzz_pdf.make_case(SEED, 8)[1] != a[1]
    for name, mutate in fuzz_pdf.MUTATORS.items():
        import random

        data = fuzz_pdf.RAW_PDF.read_bytes()
        assert mutate(data, random.Random(name)) != data or name in ("delete_keyword", "hostile_structure"), name


def test_fuzz_sample_ends_cleanly():
    # The sample tests how the parser survives damage; with OCR on, the few mutations that break a
    # font's Unicode map would each have 22 pages read by OCR (minutes). Pages the renderer or the
    # engine fails on are tested in tests/test_ocr.py and tests/test_text_layer.py; the full run
    # (fuzz_pdf.py, --ocr auto by default) covers OCR on damaged files too.
    summary = fuzz_pdf.fuzz(seed=SEED, cases=CASES, jobs=2, time_limit=120, ocr="never")
    print(json.dumps({k: v for k, v in summary.items() if k != "failures"}, ensure_ascii=False))
    assert summary["cases"] == CASES
    assert summary["failures"] == [], json.dumps(summary["failures"], ensure_ascii=False, indent=1)
    assert summary["crashes"] == 0 and summary["hangs"] == 0 and summary["internal_errors"] == 0
    # the sample exercises both ends: damaged files that are refused and damage that is survived
    assert summary["ok"] > 0 and summary["clean_error"] > 0
