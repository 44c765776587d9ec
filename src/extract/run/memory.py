"""The hard memory ceiling of one document: it is read in a forked process whose data may not grow past it.

Caps where a PDF's bytes inflate (:mod:`extract.parse.pdf.inflate`) stop the bombs that are known;
this is the floor under all of them. Each document is read in a child process forked for it, with
``RLIMIT_DATA`` set to the budget: the heap and every private writable mapping count, so a bomb
nobody foresaw meets a failed allocation (``MemoryError``) long before the machine runs out, and the
kernel never has to kill anything. The parent, which holds nothing of the document, turns whatever
the child ends with — an outcome, a ``MemoryError``, a crash of a native library that could not
allocate — into one line, and is never taken down with it.

``RLIMIT_DATA`` rather than ``RLIMIT_AS``: ONNX Runtime and OpenCV reserve address space they never
touch (OCR of a scan maps 1.5 GB for 1.0 GB resident), while the data limit follows what is written.
The limit is per process: the processes that read a document's pages (``--page-workers``) each
inherit it. The child also gets a hard stop a little after ``--timeout``, which ``SIGALRM`` alone
cannot give against native code that never returns to Python.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch import Options
    from .outcome import Outcome

# Megabytes of data per process reading a document. OCR of an A4 scan needs about 1.1 GB, the
# largest text documents a few hundred MB; twice the former leaves room for large pages.
DEFAULT_MAX_MEMORY = 2048
# Room for the code of libraries loaded after the fork (they are mapped from files, outside the data limit).
LIBRARIES = 32 << 20
# The child's own exit codes when it could not send an outcome.
MEMORY_EXIT = 86
OTHER_EXIT = 87
# Seconds past --timeout before a child that ignores its alarm is killed.
HARD_STOP_GRACE = 30.0
# The modules every document needs, imported once in the parent so that each child starts with them.
# (What the stages import lazily counts: in a batch each child would import it again.)
PRELOAD = (
    "extract.pipeline", "extract.parse.pdf.document", "extract.tables.text_aligned", "extract.tables.aligned_header",
    "extract.export", "extract.export.quality", "extract.export.datapackage", "extract.export.tables",
    "extract.enrich", "extract.parse.pdf.pdfium_pages", "orjson", "xlsxwriter", "opencc",
)

Work = Callable[[Path, "str | Path", "Options"], "Outcome"]


def memory_message(path: str | Path, megabytes: int) -> str:
    return f"{path}: needs more than {megabytes} MB (--max-memory); raise --max-memory to read it anyway"


def can_fork_here() -> bool:
    """Forking is safe from a main thread (a Dask worker runs documents in threads: it keeps its own limits)."""
    return hasattr(os, "fork") and threading.current_thread() is threading.main_thread()


def limit_data(megabytes: int) -> None:
    """Cap this process's data so that its resident set stays under ``megabytes``.

    The cap is on top of the data the process holds when it is forked (``VmData``), with the room the
    budget leaves beside what is already resident: a child of a small command-line process gets nearly
    the whole budget, and a child of a large process (a notebook calling the batch API) is not refused
    for memory its parent holds — it still gets half the budget to grow by.
    """
    import resource

    budget = megabytes << 20
    status = _status("VmData", "VmRSS")
    room = max(budget // 2, budget - status.get("VmRSS", 0) - LIBRARIES)
    limit = status.get("VmData", 0) + room
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _status(*keys: str) -> dict[str, int]:
    """Bytes of the named sizes in this process's ``/proc/self/status`` (none where it cannot be read)."""
    sizes: dict[str, int] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key in keys:
                    sizes[key] = int(value.split()[0]) << 10
    except (OSError, ValueError, IndexError):
        pass
    return sizes


def _preload() -> None:
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    from ..enrich.lexicon import import_jieba

    import_jieba()


def run_within_memory(work: Work, path: Path, out_root: str | Path, options: Options) -> Outcome:
    """``work(path, out_root, options)`` in a forked child under ``options.max_memory`` MB; its outcome.

    Without a budget, or where forking is not safe, the work runs in this process.
    """
    from ..errors import memory_budget

    # The caps where bytes inflate follow the budget (extract.parse.pdf.guards), for this document only:
    # the caller's next document, or its own work, is not held to it.
    token = memory_budget.set(options.max_memory)
    try:
        return _run_within(work, path, out_root, options)
    finally:
        memory_budget.reset(token)


def _run_within(work: Work, path: Path, out_root: str | Path, options: Options) -> Outcome:
    megabytes = options.max_memory
    if not megabytes or not can_fork_here():
        return work(path, out_root, options)
    _preload()
    start = time.perf_counter()
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    # what the child starts with: its peak counts from here (a forked child inherits the parent's mark)
    at_fork = _status("VmRSS", "VmHWM")
    # The parent's objects out of the child's collections: fewer pages copied on write. The parent thaws
    # them again: it may be a caller's process, whose garbage must stay collectable.
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(work, path, out_root, options, write_fd, parent)
    gc.unfreeze()
    os.close(write_fd)
    stop_at = start + options.timeout + HARD_STOP_GRACE if options.timeout else None
    try:
        data, stopped, (status, usage) = _receive(read_fd, pid, stop_at)
    except BaseException:  # an interrupt: the child goes too
        _kill(pid)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(read_fd)
    if data:
        try:
            return pickle.loads(data)
        except Exception:  # noqa: BLE001 - a child cut short mid-message
            pass
    near = _near(usage.ru_maxrss << 10, at_fork, megabytes)
    return _death(path, options, status, near, stopped, time.perf_counter() - start)


def _die_with(parent: int) -> None:
    """Linux: be killed when the parent dies (a run stopped from outside leaves no document running on)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(OTHER_EXIT)


def _child(work: Work, path: Path, out_root: str | Path, options: Options, write_fd: int, parent: int) -> None:
    """Runs in the forked child: the work under the limit, its outcome down the pipe; never returns."""
    code = 0
    payload = b""
    try:
        _die_with(parent)
        from . import allocator, collector

        collector.tune()
        allocator.tune()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        limit_data(int(options.max_memory or 0))
        payload = pickle.dumps(work(path, out_root, options))
    except MemoryError:
        code = MEMORY_EXIT
    except BaseException:  # noqa: BLE001 - an interrupt or a failure to pickle: the parent reports it
        code = OTHER_EXIT
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view):]
    except BaseException:  # noqa: BLE001 - the parent is gone
        code = code or OTHER_EXIT
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _receive(fd: int, pid: int, stop_at: float | None) -> tuple[bytes, bool, tuple[int, Any]]:
    """What the child writes, its exit status and resource usage; killed at ``stop_at`` (then True).

    The pipe's end is not enough to know the child is gone: a process it forked (a page worker) holds a
    copy of the write end, and outlives a child killed outright. So the child itself is watched too.
    """
    chunks: list[bytes] = []
    stopped = False
    while True:
        wait = 1.0 if stop_at is None else max(0.0, min(1.0, stop_at - time.perf_counter()))
        ready, _, _ = select.select([fd], [], [], wait)
        if ready:
            chunk = os.read(fd, 1 << 16)
            if chunk:
                chunks.append(chunk)
                continue
            break  # every writer closed it
        if stop_at is not None and time.perf_counter() >= stop_at and not stopped:
            _kill(pid)
            stopped = True
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:  # gone without closing every copy of the pipe: take what is there
            os.set_blocking(fd, False)
            chunks.extend(iter(lambda: _read_some(fd), b""))
            return b"".join(chunks), stopped, (status, usage)
    _, status, usage = os.wait4(pid, 0)
    return b"".join(chunks), stopped, (status, usage)


def _read_some(fd: int) -> bytes:
    try:
        return os.read(fd, 1 << 16)
    except BlockingIOError:
        return b""


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _death(path: Path, options: Options, status: int, near: bool, stopped: bool, seconds: float) -> Outcome:
    """The outcome of a child that sent none: out of memory, out of time, or crashed (``near``: its
    peak came at the budget)."""
    from ..errors import timeout_error
    from .outcome import Outcome, one_line

    megabytes = int(options.max_memory or 0)
    died_of = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    if stopped and options.timeout:
        message = str(timeout_error(str(path), options.timeout))
    elif (os.WIFEXITED(status) and os.WEXITSTATUS(status) == MEMORY_EXIT) or near:
        message = memory_message(path, megabytes)
    elif died_of is not None:
        name = signal.Signals(died_of).name if died_of in signal.Signals._value2member_map_ else str(died_of)
        message = f"{path}: the process reading this document crashed ({name}); please report it with the PDF"
    else:
        message = f"{path}: the process reading this document stopped without an answer; please report it"
    return Outcome(str(path), None, one_line(message), seconds)


def _near(peak: int, at_fork: dict[str, int], megabytes: int) -> bool:
    """Whether a crash came at the budget: a native library that cannot allocate aborts rather than raises.

    ``peak`` is the child's peak resident set in bytes, which starts at the parent's own peak when it is
    forked (``at_fork``): a peak no higher says nothing of the child. The ceiling is the one
    :func:`limit_data` set, seen from the parent.
    """
    if peak <= at_fork.get("VmHWM", 0):
        return False
    budget, resident = megabytes << 20, at_fork.get("VmRSS", 0)
    ceiling = resident + max(budget // 2, budget - resident - LIBRARIES)
    return peak >= 0.9 * ceiling
