"""The package reads as the pipeline: the layer contract holds, can fail, and the stage cache sees its code."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "extract"
STAGES = ("parse", "normalize", "structure", "tables", "enrich", "export")
MAX_LINES = 400


def lint_imports(src: Path) -> subprocess.CompletedProcess:
    """import-linter's CLI over the package found in ``src``, with the project's contracts."""
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    env = dict(os.environ, PYTHONPATH=str(src))
    return subprocess.run(
        [str(exe), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )


def test_layer_contract_is_kept():
    res = lint_imports(ROOT / "src")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "1 kept, 0 broken" in res.stdout


@pytest.mark.parametrize(
    "module, bad_import, chain",
    [
        # a lower stage importing a higher one, directly
        ("parse/pdf/page.py", "from ...export import write_outputs", "extract.parse.pdf.page -> extract.export"),
        # the model importing a stage
        ("model.py", "from .normalize import Normalizer", "extract.model -> extract.normalize"),
        # the two middle stages are independent of each other
        ("tables/grid.py", "from ..structure import build_structure", "extract.tables.grid -> extract.structure"),
        # a stage reaching up to how documents are run
        ("normalize/scripts.py", "from ..run.limits import time_limit", "extract.normalize.scripts -> extract.run"),
    ],
)
def test_layer_contract_fails_when_a_lower_stage_imports_a_higher_one(tmp_path, module, bad_import, chain):
    copy = tmp_path / "src" / "extract"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    text = target.read_text(encoding="utf-8")
    # after the module's own imports, so the file stays valid Python
    marker = "from __future__ import annotations\n"
    assert marker in text
    target.write_text(text.replace(marker, marker + bad_import + "  # noqa\n", 1), encoding="utf-8")
    res = lint_imports(tmp_path / "src")
    assert res.returncode == 1, res.stdout
    assert "BROKEN" in res.stdout
    assert chain in res.stdout


def test_every_stage_is_a_folder_whose_init_names_its_entry_point():
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        assert init.exists(), stage
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and doc.startswith(f"{stage.capitalize()} stage:"), (stage, doc)
        assert "Entry point" in doc, stage


def test_modules_stay_small_or_say_why():
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_LINES:
            doc = ast.get_docstring(ast.parse(text)) or ""
            if "One module because" not in doc:
                too_long.append(str(path.relative_to(PACKAGE)))
    assert too_long == []


def test_stage_cache_version_covers_the_code_it_caches():
    """The parse cache is keyed by its code: every module the cached stage runs must be in that key."""
    grimp = pytest.importorskip("grimp")
    from extract import cache

    graph = grimp.build_graph("extract", cache_dir=None)
    # pipeline.parse_stage caches the parse stage and the tables found without rules
    cached = {"extract.parse", "extract.tables.text_aligned"}
    needed = set(cached) | {m for m in graph.modules if any(m.startswith(c + ".") for c in cached)}
    for module in cached:
        needed |= graph.find_upstream_modules(module, as_package=True)

    def covered(module: str) -> bool:
        rel = module.removeprefix("extract.").replace(".", "/")
        for name in cache.PARSE_MODULES:
            if name.endswith("/") and (rel + "/").startswith(name):
                return True
            if name in (rel + ".py", rel + "/__init__.py"):
                return True
        return False

    assert sorted(m for m in needed if m != "extract" and not covered(m)) == []


def test_no_two_modules_import_each_other():
    """Modules of one stage do not import each other both ways: each pair has one direction, so a
    module can be read (and moved) with what it builds on, not with what builds on it. Imports only for
    type checking do not run and do not count."""
    grimp = pytest.importorskip("grimp")

    graph = grimp.build_graph("extract", exclude_type_checking_imports=True, cache_dir=None)
    pairs = sorted(
        (a, b)
        for a in graph.modules
        for b in graph.find_modules_directly_imported_by(a)
        if a < b and a in graph.find_modules_directly_imported_by(b)
    )
    assert pairs == []


def test_a_text_pdf_loads_only_what_it_needs(tmp_path):
    """Reading a text PDF pays for no OCR (numpy, OpenCV), no checker, no OFD reader (lxml), no image
    reader (Pillow), no pdfminer reader: those load only for the documents that use them."""
    import os
    import subprocess
    import sys

    from conftest import RAW_PDF, ROOT

    # pdfplumber's own __init__ loads pdfminer's document parser and the cryptography package: PDFium
    # reads the pages, and pdfplumber's geometry is imported without it
    unneeded = (
        "numpy", "cv2", "extract.check", "lxml", "extract.parse.ofd", "extract.parse.image", "PIL", "pdfplumber",
        "cryptography",
    )
    # in this process (--max-memory 0), and in the parent that forks a child per document (what it preloads)
    for memory in ("0", "2048"):
        code = (
            "import sys\n"
            "from extract.cli import main\n"
            f"main(['run', {str(RAW_PDF)!r}, '--out', {str(tmp_path)!r}, '--no-summary', '--max-memory', {memory!r}])\n"
            f"print(sorted(m for m in {unneeded!r} if m in sys.modules))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "[]", memory


def test_stage_cache_version_names_the_libraries_that_read_the_pages(monkeypatch):
    """Another release of a library the parse stage reads pages with (OpenCV for a scan's pixels among
    them) gives another cache key, without importing it."""
    import sys

    from extract import cache

    named = {dist: cache._dist_info(dist) for dist in ("pypdfium2", "opencv-python", "numpy", "pillow")}
    installed = {dist for dist, found in named.items() if found}
    assert {"pypdfium2", "numpy", "pillow"} <= installed
    assert named["opencv-python"] or cache._dist_info("opencv-python-headless")
    import subprocess

    code = "import sys; from extract import cache; cache.parse_stage_version(); print('cv2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # listing a library does not import it
    before = cache.parse_stage_version()
    cache.parse_stage_version.cache_clear()
    real = cache._dist_info
    newer = {"opencv-python": ["opencv_python-99.dist-info"]}
    monkeypatch.setattr(cache, "_dist_info", lambda dist: newer.get(dist) or real(dist))
    try:
        assert cache.parse_stage_version() != before
    finally:
        cache.parse_stage_version.cache_clear()
