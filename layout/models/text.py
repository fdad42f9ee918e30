"""What a printed text field may contain, and how pasted text is cleaned up before it is set.

Editors paste from word processors, web pages and chat apps; the text then carries things a
newspaper page must not show. Every printed string of the edition goes through
:func:`normalise` (a pydantic ``BeforeValidator``, so the JSON Schema and every way of building
the models agree):

* line breaks inside a text (a YAML ``|`` block, a paste): removed between two Chinese
  characters, a single space elsewhere (as CSS does for segment breaks in CJK text);
* tabs, no-break spaces and the other Unicode spaces except the ideographic space U+3000:
  a plain space; runs of spaces: one space;
* invisible format characters (zero-width space/joiners, word joiner, BOM, soft hyphen,
  bidi marks and embeddings): removed;
* whitespace at either end, including a pasted 首行缩进 of ideographic spaces: removed
  (the composer indents paragraphs);
* half-width ``, ; : ? !`` right after a Chinese character or closing mark, and ``( )``
  around or beside Chinese text: set full width (``，；：？！（）``) as GB/T 15834 asks;
  a space after such a mark is dropped. ``.`` and quotes are left alone (a decimal point, an
  abbreviation or a quote's direction cannot be told reliably);
* any other control character (U+0000–U+001F, U+007F–U+009F): rejected, naming the code
  point and where it is, because it is garbage and dropping it silently could hide damage.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import BeforeValidator

from layout.clreq import CLOSING, is_han

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
SPACES = "\t\x1f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
         "\u202f\u205f"
INVISIBLE = "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e" \
            "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}

_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_BREAK_RUN_RE = re.compile(f"[ {SPACES}\u3000]*[{LINE_BREAKS}][\\s{SPACES}]*")
_SPACE_RUN_RE = re.compile(f"[ {SPACES}]+")
_STRIP = f" {SPACES}{LINE_BREAKS}\u3000"


def _is_cjk(ch: str) -> bool:
    """Han, kana, full-width forms and CJK punctuation: text that takes no spaces."""
    return is_han(ch) or 0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFFEF or ch in CLOSING \
        or ch in "“”‘’…—·"


def control_characters(text: str) -> list[tuple[int, str]]:
    """(index, character) of the control characters :func:`normalise` rejects."""
    return [(i, ch) for i, ch in enumerate(text)
            if unicodedata.category(ch) == "Cc" and ch not in LINE_BREAKS and ch not in SPACES]


def normalise(value: object) -> object:
    """Clean up one printed text (see the module's docstring); non-strings pass through to the
    type check. Raises ValueError for a control character, naming it and its place."""
    if not isinstance(value, str):
        return value
    bad = control_characters(value)
    if bad:
        i, ch = bad[0]
        before = value[max(0, i - 8):i]
        place = f"after '{before}'" if before else "at the start"
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise ValueError(f"control character U+{ord(ch):04X} at character {i + 1}, {place}{more}; "
                         "delete it")
    text = _INVISIBLE_RE.sub("", value)
    text = _BREAK_RUN_RE.sub(_join_break, text)
    text = _SPACE_RUN_RE.sub(" ", text).strip(_STRIP)
    return full_width_punctuation(text)


def _join_break(match: re.Match) -> str:
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before and after and _is_cjk(before) and _is_cjk(after):
        return ""
    return " "


def full_width_punctuation(text: str) -> str:
    """Half-width , ; : ? ! ( ) in Chinese context → full width (see the module's docstring)."""
    if not any(ch in text for ch in ",;:?!()"):
        return text
    out: list[str] = []
    opened: list[bool] = []  # for each open '(' so far: was it set full width?
    skip_space = False
    for i, ch in enumerate(text):
        prev = out[-1] if out else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if skip_space and ch == " ":
            skip_space = False
            continue
        skip_space = False
        if ch in FULL_WIDTH and prev and (is_han(prev) or prev in CLOSING and ord(prev) > 0x2000):
            out.append(FULL_WIDTH[ch])
            skip_space = True
            continue
        if ch == "(":
            wide = bool(prev and is_han(prev)) or bool(nxt and is_han(nxt))
            opened.append(wide)
            out.append("（" if wide else ch)
            continue
        if ch == ")":
            wide = opened.pop() if opened else bool(prev and is_han(prev))
            out.append("）" if wide else ch)
            continue
        out.append(ch)
    return "".join(out)


def punctuation_changes(text: str) -> int:
    """How many half-width marks :func:`full_width_punctuation` sets full width in ``text``."""
    after = full_width_punctuation(text)
    return sum(1 for ch in after if ch in "，；：？！（）") - sum(1 for ch in text if ch in "，；：？！（）")


Text = Annotated[str, BeforeValidator(normalise)]
"""A printed text field of the edition: normalised as described above."""
