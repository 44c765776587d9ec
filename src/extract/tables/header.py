"""Header vocabulary of key-task tables: which output column a printed header names.

The words live in ``data/table_headers.json`` (one list per output key) so a user
can teach the table stage a new layout without touching code. Matching is by
meaning, not position: a header cell maps to the key whose word it equals, else
to the key of the longest word it contains.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

# Output keys a header can name, in output order; "group" heads several columns and names none.
KEYS = ("no", "task", "q1", "q2", "q3", "q4", "lead", "departments", "remark")
QUARTERS = ("q1", "q2", "q3", "q4")
GROUP = "group"
# A header cell is short; a longer cell is data even when it contains a header word.
MAX_EXTRA_CHARS = 6
DASHES = re.compile(r"[—–―‐‑‒−－~～〜]")
_ASCII_WORD = re.compile(r"^[0-9a-z.#]+$")


@lru_cache(maxsize=4096)
def canon(text: str) -> str:
    """A header's text for matching: no spaces or breaks, NFKC widths, simplified, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    text = DASHES.sub("-", text)
    if any(ord(ch) > 0x2E80 for ch in text):
        from ..normalize.scripts import t2s_converter  # the process's one converter

        text = t2s_converter().convert(text)
    return text.casefold()


class Vocabulary:
    """Header words by output key."""

    def __init__(self, words: dict[str, list[str]]) -> None:
        self.words: dict[str, list[str]] = {}
        for key, items in words.items():
            if key.startswith("_"):
                continue
            if key not in KEYS and key != GROUP:
                raise ValueError(f"unknown header key {key!r}; expected one of {', '.join((*KEYS, GROUP))}")
            self.words[key] = [canon(w) for w in items if canon(w)]
        # Longest words first, so the most specific containment wins.
        self._by_length = sorted(
            ((w, key) for key, ws in self.words.items() for w in ws), key=lambda item: (-len(item[0]), item[0])
        )
        self._longest = max((len(w) for w, _ in self._by_length), default=0)
        self._exact: dict[str, str] = {}
        for key, ws in self.words.items():
            for w in ws:
                self._exact.setdefault(w, key)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Vocabulary:
        if path is None:
            text = resources.files("extract").joinpath("data/table_headers.json").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        return cls(json.loads(text))

    def extended(self, extra: dict[str, list[str]]) -> Vocabulary:
        """A copy with more words (e.g. from a user's file)."""
        merged: dict[str, list[str]] = {k: list(v) for k, v in self.words.items()}
        for key, items in extra.items():
            if not key.startswith("_"):
                merged.setdefault(key, []).extend(items)
        return Vocabulary(merged)

    def is_word(self, text: str) -> bool:
        """Whether ``text`` is exactly one of the header words."""
        return canon(text) in self._exact

    def match(self, text: str) -> str | None:
        """The key a header cell's text names (``"group"`` for a spanning group header), or None."""
        if len(text) > 2 * (self._longest + MAX_EXTRA_CHARS) + 8:
            return None  # a data cell; spares the conversion of long text
        c = canon(text)
        if not c:
            return None
        if c in self._exact:
            return self._exact[c]
        for word, key in self._by_length:
            if len(c) > len(word) + MAX_EXTRA_CHARS:
                continue
            if _ASCII_WORD.match(word):
                if re.search(rf"(?<![0-9a-z]){re.escape(word)}(?![0-9a-z])", c):
                    return key
            elif word in c:
                return key
        return None


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return Vocabulary.load()


def is_key_task_header(keys: set[str] | list[str]) -> bool:
    """A key-task table names its task column and at least two quarters."""
    found = set(keys)
    return "task" in found and len(found & set(QUARTERS)) >= 2


__all__ = ["GROUP", "KEYS", "QUARTERS", "Vocabulary", "canon", "default_vocabulary", "is_key_task_header", "DASHES"]
