"""Output folders: a safe name for each input's folder, and a finished folder swapped into its place.

A document's outputs go to ``OUT/<name>/``, and that folder is replaced whole on every run. The name
must therefore always make a new child of ``OUT``: the stem of an input named ``..pdf`` is ``.``, and a
folder named after it would be ``OUT`` itself, replaced — and so removed — with everything in it.
:func:`folder_name` turns any stem into a plain child name; :func:`replace_dir` refuses anything else
and removes nothing but the folder it replaces and its own temporary siblings.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import InputError

# Bytes of a folder name: file systems allow 255, and the temporary siblings add a prefix and a suffix.
NAME_BYTES = 200
SEPARATORS = ("/", "\\", "\0")


def folder_name(stem: str) -> str:
    """``stem`` as the name of a new child folder: no separators, no leading dot, not empty, not too long.

    A leading dot is replaced because ``.``, ``..`` and hidden names are not new children, and because
    the temporary and backup siblings of every output folder start with one (``.<name>.<random>``).
    """
    name = stem
    for sep in SEPARATORS:
        name = name.replace(sep, "_")
    stripped = name.lstrip(".")
    name = "_" * (len(name) - len(stripped)) + stripped
    while len(os.fsencode(name)) > NAME_BYTES:
        name = name[:-1]
    return name or "_"


def is_child_name(name: str) -> bool:
    return name not in ("", ".", "..") and not any(sep in name for sep in SEPARATORS)


def replace_dir(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` in the place of ``target``; whatever was there is removed afterwards.

    What is at ``target`` (a folder, a file, a symbolic link) is first moved into a fresh folder of its
    own beside it, made with a random name, so a link planted at a predictable name is never followed
    nor in the way; a link at ``target`` itself is removed as a link, never followed.
    """
    target = Path(target)
    inside = Path(os.path.abspath(new)).is_relative_to(os.path.abspath(target))  # target is --out or above
    if inside or not is_child_name(target.name):
        raise InputError(str(target), "is not a folder name that can be replaced; give a folder inside --out")
    if not os.path.lexists(target):
        os.replace(new, target)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    try:
        os.replace(target, aside / "previous")
        try:
            os.replace(new, target)
        except OSError:
            os.replace(aside / "previous", target)  # put the earlier result back
            raise
    finally:
        # rmtree never follows a link inside the folder it removes
        shutil.rmtree(aside, ignore_errors=True)
