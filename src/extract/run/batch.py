"""Batch runs: many documents, one after another or in local worker processes.

The unit of work is :func:`process_document`, a plain top-level function (so it
pickles by reference) that reads one PDF, writes its outputs and returns a small
:class:`Outcome`. It never raises for a bad or surprising document: every
failure becomes the outcome's one-line ``error``, so one document cannot stop a
batch. :func:`run_batch` runs it over many inputs, sequentially (``jobs=1``) or
in a pool of worker processes, and returns the outcomes in input order; the
outputs of each document do not depend on how many jobs ran. The Dask runner
(:mod:`extract.run.dask_runner`) submits the same function to a cluster.

This module is imported by the command line on every run, so it imports nothing
heavy at module level: the pipeline is imported inside the worker, tqdm only when
a progress bar is shown, the process pool only when ``jobs > 1``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..parse.options import DEFAULT_ENGINE, ParseOptions
from .limits import DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT
from .memory import DEFAULT_MAX_MEMORY
from .outcome import MAX_ERROR_CHARS as MAX_ERROR_CHARS
from .outcome import Outcome as Outcome  # the batch API names it beside run_batch
from .outcome import one_line as one_line
from .progress import Progress
from .report import document_stats
from .report import summary_lines as summary_lines  # the batch API names it beside run_batch

# A worker process is replaced after this many documents, so memory that a
# library keeps (or leaks) cannot grow with the size of the batch (Python ≥ 3.11).
TASKS_PER_WORKER = 32
# The fork server imports these once and every worker (replacements too) starts
# with them loaded; what the stages import lazily is paid once per worker.
WORKER_PRELOAD = ["extract.run.batch", "extract.pipeline", "extract.export", "extract.parse.pdf.pdfium_pages"]
# Set to show the traceback of an unexpected error (for a bug report) above its one-line message.
TRACEBACK_ENV = "EXTRACT_TRACEBACK"


@dataclass(frozen=True)
class Options:
    """How each document is processed; the same for every document of a batch.

    Picklable (it travels to worker processes and Dask workers). Per-document
    limits (timeout, max_pages) and a strict mode are to be added here.
    """

    password: str | None = None
    debug_pages: bool = False
    cache_dir: str | None = None  # the parse-stage cache folder (extract.cache), None for no cache
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per document (extract.run.limits.time_limit); None: no limit
    max_pages: int | None = DEFAULT_MAX_PAGES  # pages per document; None: no limit
    page_workers: int = 1  # processes reading one document's pages; >1 only where nothing else runs in parallel
    ocr: str = "auto"  # which pages are read by OCR: auto (those without a usable text layer), always, never
    progress: bool = False  # a bar for a document's OCR pages, on a terminal (a batch has a bar of its own)
    engine: str = DEFAULT_ENGINE  # the library that reads a PDF's pages: pdfium or pdfminer
    review: bool = False  # also write review.html and its page images (extract.export.review)
    check: bool = False  # also check against GB/T 9704-2012: conformance.json, its report in the stats (extract.check)
    max_memory: int | None = DEFAULT_MAX_MEMORY  # MB of data per process reading a document (run.memory); None: none

    @property
    def parse(self) -> ParseOptions:
        """What only the parse stage reads, as the one value it takes."""
        return ParseOptions(self.ocr, self.page_workers, self.progress, self.engine)


def target_dir(path: str | Path, out_root: str | Path) -> Path:
    """Where one input's outputs go: ``OUT/<input stem>/``, the stem made a safe child name (``..pdf``: ``OUT/_/``)."""
    from ..export.folders import folder_name

    return Path(out_root) / folder_name(Path(path).stem)


def process_document(path: str | Path, out_root: str | Path | None, options: Options | None = None) -> Outcome:
    """Read one PDF and write its outputs into ``out_root/<stem>/``; never raises for the document's sake.

    ``out_root`` None writes nothing, nor enriches (``extract check`` wants only ``stats["conformance"]``).

    Bad input gives the :class:`~extract.errors.InputError` message; anything
    unexpected gives an "internal error" message naming the exception. Both are
    one line and start with the input path. ``KeyboardInterrupt`` still stops.
    With ``options.max_memory`` the document is read in a child process under that
    budget (:mod:`extract.run.memory`).
    """
    from .memory import run_within_memory

    return run_within_memory(_process_document, Path(path), out_root, options or Options())


def _process_document(path: Path, out_root: str | Path, options: Options) -> Outcome:
    from ..errors import InputError

    start = time.perf_counter()
    target = target_dir(path, out_root) if out_root is not None else None
    try:
        from ..export import write_outputs
        from ..pipeline import extract
        from .limits import time_limit

        with time_limit(options.timeout, str(path)):
            doc = extract(
                path,
                password=options.password,
                cache_dir=options.cache_dir,
                max_pages=options.max_pages,
                options=options.parse,
                enrich=target is not None,
                check=options.check,
            )
            from ..export.quality import quality_report

            quality = quality_report(doc)
            stats = document_stats(doc, quality)
            if doc.conformance is not None:
                from ..check import conformance_json  # only a checked document loads the checker

                stats["conformance"] = conformance_json(doc, doc.conformance)
            if target is not None:
                try:
                    write_outputs(
                        doc, target, debug_pages=options.debug_pages, quality=quality,
                        review=path if options.review else None, password=options.password,
                    )
                except OSError as exc:  # a full disk, a folder made read-only meanwhile: not the document's fault
                    raise InputError(
                        str(path), f"cannot write its outputs into {target} ({exc.strerror or exc})"
                    ) from None
        del doc  # the document model is the bulk of a worker's memory; drop it before the next one
    except InputError as exc:
        return Outcome(str(path), None, one_line(str(exc)), time.perf_counter() - start)
    except (RecursionError, MemoryError) as exc:
        from .memory import memory_message

        if isinstance(exc, MemoryError) and options.max_memory:
            message = memory_message(path, options.max_memory)
        else:
            message = f"{path}: the PDF is too complex to read ({type(exc).__name__})"
        return Outcome(str(path), None, message, time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - one document must not stop the batch
        if os.environ.get(TRACEBACK_ENV):
            import traceback

            traceback.print_exc(file=sys.stderr)
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        message = one_line(
            f"{path}: internal error while processing ({detail}); please report it with the PDF"
            f" ({TRACEBACK_ENV}=1 shows the traceback)"
        )
        return Outcome(str(path), None, message, time.perf_counter() - start)
    return Outcome(str(path), target and str(target), None, time.perf_counter() - start, stats, [*quality["reasons"]])


Worker = Callable[[Path, "str | Path | None", Options], Outcome]


# --- planning ------------------------------------------------------------------------------------


def plan(paths: Iterable[str | Path], out_root: str | Path | None) -> tuple[list[Path], dict[int, Outcome]]:
    """The inputs to run, without repeats, and failures decided before any work.

    The same file given twice (say by a folder and a glob) is run once. Two
    different files with the same stem would write the same output folder; the
    later one fails with a message saying so, whatever the number of jobs (stems
    are compared case-blind, as macOS and Windows file systems do).
    """
    unique: list[Path] = []
    seen: set[str] = set()
    for p in paths:
        path = Path(p)
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            unique.append(path)
    stems: dict[str, Path] = {}
    early: dict[int, Outcome] = {}
    for i, path in enumerate(unique):
        if out_root is None:  # nothing is written, so no two inputs can clash
            continue
        stem = target_dir(path, out_root).name.casefold()
        if stem in stems:
            first = stems[stem]
            early[i] = Outcome(
                str(path),
                None,
                f"{path}: another input, {first}, has the same name and would write the same output folder"
                f" {target_dir(path, out_root)}; rename one of them or run them with different --out",
            )
        else:
            stems[stem] = path
    return unique, early


# --- running ---------------------------------------------------------------------------------------


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_batch(
    paths: Sequence[str | Path],
    out_root: str | Path | None,
    options: Options | None = None,
    jobs: int = 1,
    progress: bool | None = False,
    on_outcome: Callable[[Outcome], None] | None = None,
    worker: Worker = process_document,
) -> list[Outcome]:
    """Process every input; the outcomes come back in input order (repeats removed).

    ``jobs=1`` runs in this process; ``jobs>1`` runs in that many worker
    processes; ``jobs=0`` uses every CPU. ``progress``: True, False, or None for a
    bar only when stderr is a terminal. ``worker`` is :func:`process_document`
    or a stand-in with its signature (a top-level function, for the tests).
    """
    options = options or Options()
    unique, results = plan(paths, out_root)
    todo = [i for i in range(len(unique)) if i not in results]
    jobs = default_jobs() if jobs == 0 else jobs
    bar = Progress(len(unique), progress)

    def done(i: int, outcome: Outcome) -> None:
        results[i] = outcome
        bar.update(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    try:
        for _i, outcome in sorted(results.items()):
            bar.update(outcome)
        if jobs <= 1 or len(todo) <= 1:
            for i in todo:
                done(i, worker(unique[i], out_root, options))
        else:
            from .callers_script import callers_script_left_alone

            with callers_script_left_alone(worker):
                _run_pool(unique, todo, out_root, options, min(jobs, len(todo)), done, worker)
    finally:
        bar.close()
    return [results[i] for i in range(len(unique))]


def _mp_context() -> Any:
    """A fork server where there is one (quick, thread-safe starts from preloaded modules), else spawn."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(WORKER_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _pool(workers: int) -> Any:
    from concurrent.futures import ProcessPoolExecutor

    kwargs: dict[str, Any] = {"max_workers": workers, "mp_context": _mp_context()}
    if sys.version_info >= (3, 11):
        kwargs["max_tasks_per_child"] = TASKS_PER_WORKER
    return ProcessPoolExecutor(**kwargs)


def _died(path: Path) -> str:
    return (
        f"{path}: the worker process died while reading this document (out of memory, or a crash in a"
        " native library); try it alone with --jobs 1"
    )


def _run_pool(
    paths: list[Path], todo: list[int], out_root: str | Path | None, options: Options, jobs: int,
    done: Callable[[int, Outcome], None], worker: Worker = process_document,
) -> None:
    """Run ``todo`` in ``jobs`` worker processes, at most ``jobs`` documents in flight.

    Keeping only as many documents in flight as there are workers means that when
    a worker dies (killed for memory, a native crash), the suspects are known:
    each is retried alone in a fresh process, and only the one that dies again
    fails. The other documents continue in a new pool.
    """
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    queue = deque(todo)
    while queue:
        suspects: list[int] = []
        pool = _pool(jobs)
        running: dict[Any, int] = {}
        try:
            while (queue or running) and not suspects:
                while queue and len(running) < jobs:
                    i = queue.popleft()
                    running[pool.submit(worker, paths[i], out_root, options)] = i
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in finished:
                    i = running.pop(fut)
                    exc = fut.exception()
                    if isinstance(exc, BrokenProcessPool):
                        suspects.append(i)
                    elif exc is not None:
                        done(i, _internal(paths[i], exc))
                    else:
                        done(i, fut.result())
            suspects.extend(running.values())
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        for i in sorted(suspects):
            done(i, _alone(paths[i], out_root, options, worker))


def _internal(path: Path, exc: BaseException) -> Outcome:
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return Outcome(str(path), None, one_line(f"{path}: internal error while processing ({detail}); please report"))


def _alone(path: Path, out_root: str | Path | None, options: Options, worker: Worker = process_document) -> Outcome:
    """One document in a fresh worker process of its own; a second death fails only this document."""
    from concurrent.futures.process import BrokenProcessPool

    start = time.perf_counter()
    pool = _pool(1)
    try:
        return pool.submit(worker, path, out_root, options).result()
    except BrokenProcessPool:
        return Outcome(str(path), None, _died(path), time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001
        return _internal(path, exc)
    finally:
        pool.shutdown(wait=True)
