"""Character classes for Chinese text layout (W3C clreq §3.1, GB/T 15834—2011 §5.1).

Tables only: which marks may not start or end a line, which half of a full-width mark is
blank (and so may be compressed), which sequences must never be split.
"""
from __future__ import annotations

# Opening marks: ink on the right half, blank left half (GB/T 15834 §5.1.3).
OPENING = set("“‘（〔【《〈「『〖［｛([{")
# Closing marks: ink on the left half, blank right half.
CLOSING = set("”’）〕】》〉」』〗］｝)]}")
# 点号: in Simplified Chinese fonts they sit in the lower left, right half blank (§5.1.1–5.1.2).
PAUSE = set("、，；：")        # 句内点号: compressed before 句末点号 (clreq §3.4 shrink order)
STOP = set("。？！．")          # 句末点号
INTERPUNCT = set("·・")
DASHES = set("—―⸺")
ELLIPSES = set("…⋯")
CONNECTORS = set("–～〜")

# Full-width marks whose blank half may be removed (标点挤压, clreq §3.1.6).
BLANK_LEFT = {c for c in OPENING if ord(c) > 0x2000}
BLANK_RIGHT = {c for c in CLOSING | PAUSE | STOP if ord(c) > 0x2000}

NO_LINE_START_BASIC = (PAUSE | STOP | CLOSING | INTERPUNCT | CONNECTORS
                       | set("/／,.;:?!)]}%‰℃°′″"))
NO_LINE_START_STRICT = NO_LINE_START_BASIC | DASHES | ELLIPSES
NO_LINE_END = OPENING | set("￥＄$£¥#")
NO_LINE_END_GB = NO_LINE_END | set("/／")  # GB style: the solidus ends no line either


def no_line_start(level: str) -> frozenset[str]:
    """Line-start prohibited marks at clreq level 'basic', 'gb' or 'strict' (clreq §3.1.4)."""
    return frozenset(NO_LINE_START_STRICT if level == "strict" else NO_LINE_START_BASIC)


def no_line_end(level: str) -> frozenset[str]:
    """Line-end prohibited marks at clreq level 'basic', 'gb' or 'strict'."""
    return frozenset(NO_LINE_END if level == "basic" else NO_LINE_END_GB)


def is_han(ch: str) -> bool:
    """Ideographs, kana and full-width forms: characters set on the em grid."""
    cp = ord(ch)
    return (0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF
            or 0x3040 <= cp <= 0x30FF or 0xFF10 <= cp <= 0xFF5A or 0x3005 <= cp <= 0x3007)


def is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()
