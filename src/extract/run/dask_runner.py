"""Scale-out: the same batch as :func:`extract.batch.run_batch`, one Dask task per document.

``--dask ADDRESS`` connects to a running ``dask.distributed`` scheduler and
submits :func:`extract.run.batch.process_document` once per input. The workers read
the inputs and write the outputs themselves, so every worker must see the same
file system paths (a shared or network file system) and have this package
installed. Paths are made absolute before they are sent; the outcomes are
reported with the paths as the user gave them, in input order. The options,
a PDF password included, travel with every task (use TLS on an untrusted network).

Dask is an optional extra (``pip install '.[dask]'``) and is imported only here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .batch import Options, Outcome, Progress, one_line, plan, process_document, target_dir

INSTALL_HINT = "install the extra: pip install '.[dask]' (or pip install 'dask[distributed]')"


class DaskSetupError(Exception):
    """Dask is missing or the scheduler cannot be reached; printed as one ``error:`` line."""


def _client(address: str) -> Any:
    try:
        from dask.distributed import Client
    except ImportError:
        raise DaskSetupError(f"--dask needs Dask, which is not installed; {INSTALL_HINT}") from None
    try:
        return Client(address, set_as_default=False)
    except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, ValueError for a malformed address, ...
        detail = one_line(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, 300)
        raise DaskSetupError(
            f"cannot connect to the Dask scheduler at {address} ({detail}); check the address"
            " (e.g. tcp://host:8786) and that the scheduler is running"
        ) from None


def _localize(outcome: Outcome, given: Path, out_root: str | Path, sent: str) -> Outcome:
    """The worker's outcome, with the paths the user typed instead of the absolute ones sent."""
    error = outcome.error
    if error is not None and error.startswith(sent):
        error = str(given) + error[len(sent):]
    out_dir = str(target_dir(given, out_root)) if error is None else None
    return Outcome(str(given), out_dir, error, outcome.seconds, dict(outcome.stats), list(outcome.reasons))


def _task_error(given: Path, exc: BaseException | None) -> Outcome:
    name = type(exc).__name__ if exc is not None else "unknown error"
    if name == "KilledWorker":
        why = "the Dask worker died while reading this document (out of memory, or a crash in a native library)"
    else:
        why = f"the Dask task failed ({name}: {exc}); please report it with the PDF"
    return Outcome(str(given), None, one_line(f"{given}: {why}"))


def run_on_dask(
    paths: Sequence[str | Path],
    out_root: str | Path,
    options: Options | None = None,
    address: str | None = None,
    progress: bool | None = False,
    client: Any = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Process every input on a Dask cluster; outcomes in input order, as :func:`~extract.batch.run_batch`.

    Give the scheduler ``address`` or a connected ``client`` (which is left open).
    """
    options = options or Options()
    if options.cache_dir is not None:  # the workers do not share our working folder
        options = replace(options, cache_dir=os.path.abspath(options.cache_dir))
    unique, results = plan(paths, out_root)
    todo = [i for i in range(len(unique)) if i not in results]
    own = client is None
    if own:
        if not address:
            raise DaskSetupError("--dask needs the scheduler address, e.g. tcp://host:8786")
        client = _client(address)
    from dask.distributed import as_completed

    bar = Progress(len(unique), progress)
    out_abs = os.path.abspath(out_root)
    futures: dict[Any, tuple[int, str]] = {}
    try:
        for _i, outcome in sorted(results.items()):
            bar.update(outcome)
        for i in todo:
            sent = os.path.abspath(unique[i])
            fut = client.submit(process_document, sent, out_abs, options, pure=False, retries=0)
            futures[fut] = (i, sent)
        for fut in as_completed(list(futures), loop=client.loop):
            i, sent = futures.pop(fut)
            if fut.status == "finished":
                outcome = _localize(fut.result(), unique[i], out_root, sent)
            else:
                outcome = _task_error(unique[i], fut.exception())
            fut.release()
            results[i] = outcome
            bar.update(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    except BaseException:
        for fut in futures:
            fut.cancel()
        raise
    finally:
        bar.close()
        if own:
            client.close()
    return [results[i] for i in range(len(unique))]
