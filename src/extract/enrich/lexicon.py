"""jieba's dictionary, cached so that a run loads only the words its document can contain.

jieba keeps its whole dictionary (≈350 000 words, ≈500 000 prefixes) in one Python
dict which it builds, or unmarshals from a cache file, on first use: about 0.6 s on a
small machine, more than the enrichment stage may cost. The segmentation only ever
consults dictionary words that occur in the text being cut, so this module keeps the
dictionary in an SQLite file in the project cache folder, bucketed by each word's first
two characters (single-character words by their character), and loads only the buckets
whose heads occur in the document. jieba's own algorithm then runs unchanged on that
partial prefix dict, with jieba's dictionary total, so it cuts exactly as with the full
dictionary (see :meth:`Lexicon.prepare`).

The same file holds jieba.analyse's IDF table (``idf.txt``) for keyword weights, and the
dictionary's part-of-speech tags.

Cache folder: ``$GONGWEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/gongwen-extract``, else
``~/.cache/gongwen-extract``; created when absent. The file is named by a digest of the
jieba release, its dictionary files and this module's format, so a jieba upgrade builds a
new one; the lexicons of two other installs are kept beside it (another environment on the same
machine), older ones deleted. When the folder cannot be written the lexicon is built in memory for the process.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import ModuleType

FORMAT = 3
_CHUNK = 500  # SQL parameters per query
CUT_MEMORY = 20_000  # segmented texts remembered per process
_log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """The project cache folder (not created here)."""
    env = os.environ.get("GONGWEN_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "gongwen-extract"


def import_jieba() -> ModuleType:
    """``import jieba`` without its optional pkg_resources import.

    jieba 0.42 imports pkg_resources (≈0.1 s, most of jieba's import time, and a
    deprecation warning on recent setuptools) only to open its bundled dictionary
    files, and falls back to plain ``open`` when the import fails. This module opens
    those files itself, so the import is skipped unless pkg_resources is already loaded.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


def _jieba_files() -> tuple[str, Path, Path]:
    jieba = import_jieba()

    root = Path(jieba.__file__).parent
    return jieba.__version__, root / "dict.txt", root / "analyse" / "idf.txt"


def lexicon_name() -> str:
    version, dict_path, idf_path = _jieba_files()
    digest = hashlib.sha256(f"format {FORMAT} jieba {version}".encode())
    for path in (dict_path, idf_path):
        st = path.stat()
        digest.update(f"{path.name} {st.st_size} {st.st_mtime_ns}".encode())
    return f"jieba-lexicon-{digest.hexdigest()[:16]}.sqlite"


def _head(word: str) -> str:
    return word[:2]


def _build(path: Path) -> None:
    """Write the lexicon database to ``path``.

    One row per head, the marshalled ``(freqs, prefixes, tags, idfs)`` of the words that
    start with it: ``{word: freq}``, the prefixes (from 2 characters) that are no word,
    ``{word: POS tag}`` and ``{word: idf}``.
    """
    _, dict_path, idf_path = _jieba_files()
    words: dict[str, list[tuple[str, int, str]]] = {}
    total = 0
    with dict_path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            words.setdefault(_head(word), []).append((word, freq, parts[2] if len(parts) > 2 else ""))
            total += freq
    idfs: dict[str, list[tuple[str, float]]] = {}
    values: list[float] = []
    with idf_path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 2:
                value = float(parts[1])
                idfs.setdefault(_head(parts[0]), []).append((parts[0], value))
                values.append(value)
    values.sort()
    median_idf = values[len(values) // 2] if values else 0.0
    heads = sorted(words.keys() | idfs.keys())

    def payload(head: str) -> bytes:
        entries = words.get(head, [])
        freqs = {w: f for w, f, _ in entries}
        prefixes = sorted({w[:i] for w in freqs for i in range(2, len(w))} - freqs.keys())
        tags = {w: t for w, _, t in entries if t}
        return marshal.dumps((freqs, prefixes, tags, dict(idfs.get(head, []))))

    con = sqlite3.connect(path)
    try:
        con.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
            "CREATE TABLE bucket(head TEXT PRIMARY KEY, payload BLOB) WITHOUT ROWID;"
        )
        con.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("format", str(FORMAT)), ("total", str(total)), ("median_idf", repr(median_idf))],
        )
        con.executemany(
            "INSERT INTO bucket VALUES (?, ?)",
            ((h, payload(h)) for h in heads),
        )
        con.commit()
    finally:
        con.close()


# Lexicons of other jieba installs or formats kept beside the current one: two environments on one
# machine (a project's venv and a notebook's) each have their own, and evicting each other's would
# cost a rebuild of several seconds at every switch. Older ones are left by an earlier jieba.
KEPT_LEXICONS = 3


def _prune(folder: Path, current: str) -> None:
    """Delete all but the newest :data:`KEPT_LEXICONS` lexicon files (the current one always kept)."""
    others = [p for p in folder.glob("jieba-lexicon-*.sqlite") if p.name != current]
    others.sort(key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)
    for old in others[KEPT_LEXICONS - 1 :]:
        old.unlink(missing_ok=True)


def _open(cache_dir: Path | None) -> sqlite3.Connection:
    """Open the cached lexicon, building it first when absent or unreadable."""
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    name = lexicon_name()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        if path.is_file():
            try:
                con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
                con.execute("SELECT value FROM meta WHERE key = 'total'").fetchone()
                return con
            except sqlite3.DatabaseError:
                _log.warning("rebuilding damaged jieba lexicon cache %s", path)
        fd, tmp = tempfile.mkstemp(prefix=".jieba-lexicon-", suffix=".tmp", dir=folder)
        os.close(fd)
        try:
            _build(Path(tmp))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder, name)
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except OSError as exc:  # read-only or missing home: keep the lexicon for this process only
        _log.warning("jieba lexicon cache unavailable (%s); building it in memory", exc)
        fd, tmp = tempfile.mkstemp(prefix="jieba-lexicon-", suffix=".sqlite")
        os.close(fd)
        try:
            _build(Path(tmp))
            mem = sqlite3.connect(":memory:", check_same_thread=False)
            disk = sqlite3.connect(tmp)
            disk.backup(mem)
            disk.close()
            return mem
        finally:
            Path(tmp).unlink(missing_ok=True)


def _heads(texts: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for text in texts:
        out.update(text)
        out.update(map(str.__add__, text, text[1:]))
    return out


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


class Lexicon:
    """A jieba tokenizer over the cached dictionary, plus IDF weights and POS tags."""

    def __init__(self, con: sqlite3.Connection, user_words: list[tuple[str, int | None, str | None]]):
        jieba = import_jieba()

        self._con = con
        self._lock = threading.RLock()
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        self.median_idf = float(meta["median_idf"])
        self._loaded: set[str] = set()
        self._idf: dict[str, float] = {}
        self._cuts: dict[str, tuple[str, ...]] = {}
        self.tags: dict[str, str] = {}
        self.freq: dict[str, int] = {}
        self.user_words: set[str] = set()
        tk = jieba.Tokenizer()
        tk.FREQ = self.freq
        tk.total = int(meta["total"])
        tk.initialized = True  # the prefix dict is filled by prepare(), never from jieba's own cache
        self.tokenizer = tk
        # As jieba.load_userdict after the main dictionary: the words' buckets are loaded
        # first, so a suggested frequency sees the dictionary's own, and the total grows by each.
        self.prepare(w for w, _, _ in user_words)
        for word, freq, tag in user_words:
            tk.add_word(word, freq, tag)
            if tag:
                self.tags[word] = tag
        self.user_words = {w for w, _, _ in user_words}

    @property
    def total(self) -> int:
        return self.tokenizer.total

    def prepare(self, texts: Iterable[str]) -> None:
        """Load every dictionary word that can occur in ``texts``.

        A word can match at a position of a text only if its first two characters (its
        first, for one-character words) occur there, so loading those buckets with all
        prefixes gives the very DAG jieba builds from its full dictionary.
        """
        with self._lock:
            missing = sorted(_heads(texts) - self._loaded)
            if not missing:
                return
            freq = self.freq
            for chunk in _chunks(missing):
                rows = self._con.execute(
                    f"SELECT head, payload FROM bucket WHERE head IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
                for head, payload in rows:
                    # A head's words and prefixes all start with the head, so no bucket read
                    # after the user words (whose heads are read first) can hold one of them.
                    words, prefixes, tags, idfs = marshal.loads(payload)
                    freq.update(words)
                    freq.update(dict.fromkeys(prefixes, 0))
                    if words:
                        freq.setdefault(head[0], 0)
                    self.tags.update(tags)
                    self._idf.update(idfs)
            self._loaded.update(missing)

    def cut(self, text: str) -> list[str]:
        """jieba's default segmentation (HMM on) of ``text``; remembered, as a document cuts its texts often."""
        tokens = self._cuts.get(text)
        if tokens is None:
            self.prepare([text])
            tokens = tuple(self.tokenizer.cut(text, HMM=True))
            if len(self._cuts) >= CUT_MEMORY:
                self._cuts.clear()
            self._cuts[text] = tokens
        return list(tokens)

    def cut_for_search(self, text: str) -> list[str]:
        """jieba's search-mode segmentation: each word, preceded by the dictionary's 2- and 3-grams inside it."""
        out: list[str] = []
        freq = self.freq
        for w in self.cut(text):
            if len(w) > 2:
                out.extend(w[i : i + 2] for i in range(len(w) - 1) if freq.get(w[i : i + 2]))
            if len(w) > 3:
                out.extend(w[i : i + 3] for i in range(len(w) - 2) if freq.get(w[i : i + 3]))
            out.append(w)
        return out

    def tag(self, word: str) -> str:
        """The dictionary's part-of-speech tag of ``word`` ('' when unknown)."""
        return self.tags.get(word, "")

    def idf(self, word: str) -> float:
        """jieba.analyse's IDF of ``word``, its median for words not in the table."""
        if _head(word) not in self._loaded:
            self.prepare([word])
        return self._idf.get(word, self.median_idf)


def read_user_dict(text: str) -> list[tuple[str, int | None, str | None]]:
    """jieba user-dictionary lines: ``word [freq] [tag]``; ``#`` starts a comment."""
    out = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip().lstrip("\ufeff")
        if not line:
            continue
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        out.append((word, freq, tag))
    return out


def package_text(name: str) -> str:
    return resources.files("extract").joinpath("data", name).read_text(encoding="utf-8")


def get_lexicon(cache_dir: str | Path | None = None) -> Lexicon:
    """The process's lexicon (one per cache folder), with the domain user dictionary loaded.

    Made once per process: a worker forked from a process that already had one makes
    its own, as an SQLite connection must not cross a fork.
    """
    return _lexicon(str(cache_dir) if cache_dir is not None else None, os.getpid())


@lru_cache(maxsize=4)
def _lexicon(cache_dir: str | None, pid: int) -> Lexicon:  # pid only keys the cache
    con = _open(Path(cache_dir) if cache_dir is not None else None)
    return Lexicon(con, read_user_dict(package_text("userdict.txt")))


__all__ = ["Lexicon", "default_cache_dir", "get_lexicon", "import_jieba", "lexicon_name", "read_user_dict"]
