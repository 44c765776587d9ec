"""The copies in tests/data/ are the files of ../shared, byte for byte (checked when ../shared is there)."""

from __future__ import annotations

import pytest

from conftest import DATA, SHARED

COPIES = ["gold/qingpu-2022.gold.json", "gold/README.md", "seed/000_b601ba3704758aaf.txt"]


@pytest.mark.parametrize("name", COPIES)
def test_copy_equals_shared(name):
    original = SHARED / name
    if not original.exists():
        pytest.skip("../shared is not beside the project")
    assert (DATA / name).read_bytes() == original.read_bytes()
