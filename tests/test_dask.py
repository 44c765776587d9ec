"""Scale-out on Dask: one task per document on a LocalCluster, the same bytes as a local run."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import badinputs
from conftest import RAW_PDF
from extract.batch import run_batch
from extract.cli import main


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as cluster:
        yield cluster


def test_dask_run_equals_local_run(cluster, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf"):
        shutil.copy(RAW_PDF, folder / name)
    badinputs.empty(folder)
    local = run_batch(sorted(folder.iterdir()), tmp_path / "local", jobs=1)

    # relative paths, as a user types them: the workers get absolute ones, the report keeps these
    monkeypatch.chdir(tmp_path)
    rc = main(["run", "in", "--out", "dask-out", "--dask", cluster.scheduler_address])
    captured = capsys.readouterr()
    assert rc == 2
    assert captured.out.splitlines() == [
        f"ok: {Path('in', 'a.pdf')} -> {Path('dask-out', 'a')} (0 chars unassigned, 2 anomalies)",
        f"ok: {Path('in', 'b.pdf')} -> {Path('dask-out', 'b')} (0 chars unassigned, 2 anomalies)",
    ]
    errors = [line for line in captured.err.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {Path('in', 'empty.pdf')}: the file is empty (0 bytes); download it again"]
    assert "summary: 2 of 3 documents done (2 ok, 0 partial), 1 failed: empty.pdf" in captured.err
    assert "Traceback" not in captured.err

    assert [o.ok for o in local] == [True, True, False]
    assert tree_bytes(tmp_path / "dask-out") == tree_bytes(tmp_path / "local")


def test_dask_runner_with_a_client_keeps_input_order(cluster, tmp_path):
    from dask.distributed import Client

    from extract.run.dask_runner import run_on_dask

    paths = [tmp_path / "missing.pdf", badinputs.html(tmp_path), badinputs.empty(tmp_path)]
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        outcomes = run_on_dask(paths, tmp_path / "out", client=client)
        assert client.status == "running"  # a client that was given is left open
    assert [o.input for o in outcomes] == [str(p) for p in paths]
    assert "no such file" in outcomes[0].error and "not a PDF" in outcomes[1].error and "empty" in outcomes[2].error


def test_dask_reports_partial_documents_as_a_local_run_does(cluster, tmp_path, monkeypatch, capsys):
    import synth_pages as sp

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(RAW_PDF, folder / "a.pdf")
    sp.text_pages(folder / "plain.pdf", 3)  # no notice, no outline: partial
    local = run_batch(sorted(folder.iterdir()), tmp_path / "local", jobs=1)
    assert [o.status for o in local] == ["ok", "partial"]

    monkeypatch.chdir(tmp_path)
    rc = main(["run", "in", "--out", "dask-out", "--dask", cluster.scheduler_address, "--strict"])
    captured = capsys.readouterr()
    assert rc == 1  # --strict: a partial document (and a.pdf's anomalies)
    assert captured.out.splitlines() == [
        f"ok: {Path('in', 'a.pdf')} -> {Path('dask-out', 'a')} (0 chars unassigned, 2 anomalies)",
        f"partial: {Path('in', 'plain.pdf')} -> {Path('dask-out', 'plain')} (no notice or outline found)",
    ]
    assert "summary: 2 of 2 documents done (1 ok, 1 partial), 0 failed" in captured.err
    assert "    plain.pdf  no notice or outline found" in captured.err.splitlines()
    assert tree_bytes(tmp_path / "dask-out") == tree_bytes(tmp_path / "local")


def test_without_dask_installed_the_error_says_how_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails as if not installed
    rc = main(["run", str(RAW_PDF), "--out", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:8786"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "pip install '.[dask]'" in err
    assert not (tmp_path / "out").exists()


def test_unreachable_scheduler_is_one_error_line(tmp_path, capsys):
    dask = pytest.importorskip("dask")
    pytest.importorskip("dask.distributed")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        rc = main(["run", str(RAW_PDF), "--out", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("error: cannot connect to the Dask scheduler at tcp://127.0.0.1:9")
