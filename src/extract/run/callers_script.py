"""Worker processes that do not run the caller's script again.

A worker started by a fork server (or spawned) first re-imports the parent's ``__main__``
from its file, so that functions defined there can be unpickled. For a plain script that
calls ``run_batch`` at its top level, without ``if __name__ == "__main__":``, that import
calls ``run_batch`` again inside the starting worker: multiprocessing refuses to start a
process there, every worker dies, and every document fails as if it had crashed.

The batch's task is a function of this package and its arguments are paths and
:class:`~extract.run.batch.Options`, so a worker never needs the caller's script. While
the pool runs, ``__main__`` is given a spec named ``__main__``: multiprocessing then
treats it as a module run as ``__main__`` and does not import it in the workers
(``multiprocessing.spawn._fixup_main_from_name``). The spec is taken back afterwards.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def reimports_script(worker: Callable[..., Any]) -> bool:
    """Whether workers would run the caller's script file again although ``worker`` does not live in it."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None or not getattr(main, "__file__", None):
        return False  # python -m, an interactive session, a notebook: nothing is run again
    return getattr(worker, "__module__", "__main__") != "__main__"


@contextmanager
def callers_script_left_alone(worker: Callable[..., Any]) -> Iterator[None]:
    """Workers started inside this block do not import the caller's ``__main__`` script."""
    if not reimports_script(worker):
        yield
        return
    from importlib.machinery import ModuleSpec

    main = sys.modules["__main__"]
    main.__spec__ = ModuleSpec("__main__", None)
    try:
        yield
    finally:
        main.__spec__ = None
