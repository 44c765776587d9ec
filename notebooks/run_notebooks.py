"""Execute notebooks headless with nbclient; exit non-zero when any cell fails.

    python notebooks/run_notebooks.py [NOTEBOOK ...] [--out DIR] [--timeout SECONDS]

Without arguments every ``notebooks/*.ipynb`` runs. Executed copies are written to ``--out`` (a folder under
the system temp directory by default), never over the committed notebooks, which carry no outputs.
The kernel is ``python3`` on this interpreter (ipykernel installed in the same environment). Relative
paths in ``OUTPUT_DIR``, ``PDF``, ``GOLD`` and ``DB`` are taken from the current directory.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PATH_VARS = ("OUTPUT_DIR", "PDF", "GOLD", "DB")
DEFAULT_OUT = Path(tempfile.gettempdir()) / "gongwen-notebooks"
# The venv's kernelspec before any user-level one, a headless matplotlib, and quiet start-up notices.
ENV_DEFAULTS = {
    "JUPYTER_PREFER_ENV_PATH": "1",
    "JUPYTER_PLATFORM_DIRS": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "MPLBACKEND": "Agg",
}


def prepare_environment(base: Path | None = None) -> None:
    """Make path parameters absolute (the kernel runs in notebooks/) and keep Jupyter on this environment."""
    base = base or Path.cwd()
    for name in PATH_VARS:
        value = os.environ.get(name)
        if value and not Path(value).expanduser().is_absolute():
            os.environ[name] = str((base / value).resolve())
    for name, value in ENV_DEFAULTS.items():
        os.environ.setdefault(name, value)


def kernel_config():
    """Kernel-manager settings: CurveZMQ encryption of the loopback sockets where jupyter_client offers it."""
    import zmq
    from jupyter_client.manager import KernelManager
    from traitlets.config import Config

    config = Config()
    if "transport_encryption" in KernelManager.class_trait_names() and zmq.has("curve"):
        config.KernelManager.transport_encryption = "auto"
    return config


def execute(path: Path, out_dir: Path | None = None, timeout: int = 300):
    """Run one notebook top to bottom in a fresh kernel; the executed copy (raises on a cell error)."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        config=kernel_config(),
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    finally:
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, out_dir / path.name)
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"executed copies (default {DEFAULT_OUT})")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell (default 300)")
    args = parser.parse_args(argv)

    prepare_environment()
    paths = args.notebooks or sorted(HERE.glob("*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    failed = []
    for path in paths:
        start = time.monotonic()
        try:
            execute(path, args.out, args.timeout)
        except Exception as exc:  # a failing cell, a timeout or a dead kernel
            failed.append(path)
            print(f"FAILED {path} ({time.monotonic() - start:.1f} s):\n{exc}", file=sys.stderr)
            continue
        print(f"ok: {path} ({time.monotonic() - start:.1f} s) -> {args.out / Path(path).name}")
    if failed:
        print(f"{len(failed)} of {len(paths)} notebooks failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
