"""On-disk cache of what reading a TrueType font yields, so a build does not parse the fonts again.

reportlab reads a CJK face in ≈50 ms (pure Python over 30,000 glyphs) and the GPOS ``halt`` read
costs as much again; a build uses three or four faces. The cache keeps, per font file *content*:
reportlab's parsed face (cmap, advances, hmtx, loca, header fields) as packed arrays, and our
punctuation blanks. Restoring one face costs a few milliseconds; the font file itself is mapped
only when reportlab makes the PDF's subset at save.

Invalidation (the cache is never trusted on a file name alone):

* an entry is named by the SHA-256 of the font file's bytes, reportlab's version and
  ``CACHE_VERSION`` (bump it whenever what is stored, or how it is computed, changes);
* to avoid hashing ≈13 MB per face per build, a small stat index maps (real path, size,
  mtime ns, inode, ctime ns) to the content hash, as git's index does; any change to the file
  changes its ctime, so the hash is computed again and a changed font gets a new entry;
* before the subset is made the file's stat is checked again: a font replaced during the build
  is an error, never a subset of the wrong glyphs.

``LAYOUT_CACHE_DIR`` moves the cache (default ``$XDG_CACHE_HOME/layout`` or
``~/.cache/layout``); ``LAYOUT_CACHE=off`` turns it off. An unreadable or damaged entry is read
again from the font; a read-only cache folder only costs speed.
"""
from __future__ import annotations

import hashlib
import mmap
import os
import pickle
from array import array
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace
from reportlab.rl_config import unShapedFontGlob

from layout.errors import FontError

CACHE_VERSION = 1

# the face's big tables, stored as arrays and restored as reportlab keeps them
_TABLES = ("charToGlyph", "charWidths", "glyphToChar", "hmetrics", "glyphPos")
# not stored: the file's bytes (mapped on demand), the scale function (rebuilt), the read position
_SKIP = {"_ttf_data", "_pdfScale", "_pos", "filename", *_TABLES}


def cache_dir() -> Path | None:
    """Where cached data lives, or None when ``LAYOUT_CACHE=off``."""
    if os.environ.get("LAYOUT_CACHE", "").lower() in {"0", "off", "no", "false"}:
        return None
    explicit = os.environ.get("LAYOUT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "layout"


def stat_signature(path: Path) -> tuple:
    st = os.stat(path)
    return (os.path.realpath(path), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


class FontChanged(FontError):
    """The font file changed between reading its metrics and making the PDF's subset."""


class CachedFace(TTFontFace):
    """A reportlab face restored from the cache. The font's bytes are mapped when reportlab first
    needs them (to make the subset at save); glyph → characters and the hmtx list are rebuilt on
    first use (reportlab needs them only for shaping and subsetting)."""

    def __getattr__(self, name):  # called only for attributes the instance does not have
        if name == "_ttf_data":
            data = self.__dict__["_ttf_data"] = _map(self.filename, self.__dict__["_signature"])
            return data
        if name == "glyphToChar":
            glyph_to_char: dict[int, list[int]] = {}
            for char, glyph in self.charToGlyph.items():
                glyph_to_char.setdefault(glyph, []).append(char)
            self.__dict__["glyphToChar"] = glyph_to_char
            return glyph_to_char
        if name == "hmetrics":
            advances, bearings = self.__dict__["_hmtx"]
            hmetrics = self.__dict__["hmetrics"] = list(zip(advances, bearings))
            return hmetrics
        raise AttributeError(name)


def _map(filename: str, signature: tuple):
    if stat_signature(Path(filename)) != signature:
        raise FontChanged("the font file changed while the edition was being built", file=filename,
                          hint="build again")
    with open(filename, "rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


def load_font(name: str, path: Path) -> tuple[TTFont, dict]:
    """reportlab's TTFont for ``path`` under ``name``, and the extra data stored with it by
    :func:`store_extra` (``{}`` on a cache miss: the caller computes it and stores it)."""
    root = cache_dir()
    if root is None:
        return TTFont(name, str(path)), {}
    signature = stat_signature(path)
    folder = root / f"fonts-v{CACHE_VERSION}-rl{REPORTLAB_VERSION}"
    index = folder / ("stat-" + hashlib.sha1(repr(signature).encode()).hexdigest())
    try:
        digest = index.read_text().strip()
    except OSError:
        digest = None
    restored = _restored(name, path, signature, folder, digest) if digest else None
    if restored is not None:
        return restored
    with open(path, "rb") as f:  # the stat changed (or was never seen): the content decides
        digest = hashlib.sha256(f.read()).hexdigest()
    target = folder / f"{digest}.pickle"
    restored = _restored(name, path, signature, folder, digest)
    if restored is not None:
        _write(index, digest.encode())
        return restored
    font = TTFont(name, str(path))
    font._layout_cache = (index, target, digest, _snapshot(font.face))
    return font, {}


def _restored(name: str, path: Path, signature: tuple, folder: Path, digest: str) -> tuple[TTFont, dict] | None:
    """The font and its extra data from the entry ``digest``, or None if it is missing or damaged."""
    try:
        with open(folder / f"{digest}.pickle", "rb") as f:
            entry = pickle.load(f)
        return _restore(name, path, signature, entry), entry.get("extra", {})
    except (OSError, ValueError, KeyError, TypeError, EOFError, pickle.UnpicklingError, AttributeError):
        return None


def store_extra(font: TTFont, extra: dict) -> None:
    """Write the cache entry of a font just parsed, with ``extra`` (our own metrics of it)."""
    pending = getattr(font, "_layout_cache", None)
    if pending is None:
        return
    index, target, digest, entry = pending
    del font._layout_cache
    entry["extra"] = extra
    if _write(target, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)):
        _write(index, digest.encode())


def _snapshot(face: TTFontFace) -> dict:
    c2g = face.charToGlyph
    widths = face.charWidths
    return {
        "face": {k: v for k, v in face.__dict__.items() if k not in _SKIP},
        "chars": _pack(c2g.keys()), "glyphs": _pack(c2g.values()),
        "width_chars": _pack(widths.keys()), "widths": _pack(widths.values()),
        "advances": _pack([aw for aw, _ in face.hmetrics]),
        "bearings": _pack([lsb for _, lsb in face.hmetrics]),
        "glyph_pos": _pack(face.glyphPos),
    }


def _pack(values) -> array | list:
    """Integers as a packed array (fast to store and load); anything else (a face whose units
    per em is not 1000 has float advances) as the list it is, so nothing is rounded."""
    values = list(values)
    try:
        return array("q", values)
    except TypeError:
        return values


def _restore(name: str, path: Path, signature: tuple, entry: dict) -> TTFont:
    face = CachedFace.__new__(CachedFace)
    face.__dict__.update(entry["face"])
    face.filename = str(path)
    face._signature = signature
    face._pos = 0
    face.charToGlyph = dict(zip(entry["chars"], entry["glyphs"]))
    face.charWidths = dict(zip(entry["width_chars"], entry["widths"]))
    face._hmtx = (entry["advances"], entry["bearings"])
    face.glyphPos = entry["glyph_pos"]
    upem = face.unitsPerEm
    face._pdfScale = (lambda x: x) if upem == 1000 else (lambda x, m=1000 / upem: x * m)
    # what TTFont.__init__ sets besides the face (tests/test_font_cache.py compares the two)
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in unShapedFontGlob)
    return font


def _write(target: Path, data: bytes) -> bool:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        return True
    except OSError:
        return False
