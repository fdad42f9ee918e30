"""Which part of each punctuation glyph is blank, in em: (left, right).

Read from the font's GPOS ``halt`` feature (half-width alternates: XPlacement/XAdvance) with
fontTools, as Noto/Source Han fonts carry it; for fonts without it (LXGW WenKai), from a
per-class table that applies only to full-width glyphs (its proportional “” have no blank).
The GPOS read costs ≈40 ms per CJK face; the font cache (cache.py) keeps the result with the
face, keyed by the file's content, so it is read once per font file.
"""
from __future__ import annotations

from pathlib import Path

from layout import clreq


def punctuation_metrics(path: Path, char_to_glyph: dict[int, int],
                        widths: dict[int, float]) -> tuple[dict[int, tuple[float, float]], tuple[float, float] | None]:
    """({code point: (blank left em, blank right em)} for the font's punctuation,
    (left, right) side bearings of the em dash U+2014 in em, or None)."""
    table = _from_gpos(path, char_to_glyph) or _from_classes(widths)
    return table, _dash_bearings(path, char_to_glyph, widths)


def _dash_bearings(path: Path, char_to_glyph: dict[int, int], widths: dict[int, float]) -> tuple[float, float] | None:
    """Blank on each side of the em dash's ink: what opens a gap inside ——."""
    gid = char_to_glyph.get(0x2014)
    if gid is None or 0x2014 not in widths:
        return None
    from fontTools.ttLib import TTFont  # only when the font cache has no entry: keep imports light
    font = TTFont(str(path), lazy=True)
    try:
        if "glyf" not in font:
            return None
        upem = font["head"].unitsPerEm
        font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
        glyph = font["glyf"][f"g{gid}"]
        if not hasattr(glyph, "xMin"):
            return None
        return (glyph.xMin / upem, widths[0x2014] - glyph.xMax / upem)
    finally:
        font.close()


def _from_gpos(path: Path, char_to_glyph: dict[int, int]) -> dict[int, tuple[float, float]]:
    from fontTools.ttLib import TTFont  # only when the font cache has no entry: keep imports light
    font = TTFont(str(path), lazy=True)
    try:
        if "GPOS" not in font:
            return {}
        upem = font["head"].unitsPerEm
        # numeric glyph names avoid parsing the (large) cmap a second time
        font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
        gpos = font["GPOS"].table
        if not gpos.FeatureList:
            return {}
        indices = sorted({i for rec in gpos.FeatureList.FeatureRecord if rec.FeatureTag == "halt"
                          for i in rec.Feature.LookupListIndex})
        by_glyph: dict[int, tuple[int, int]] = {}
        for index in indices:
            lookup = gpos.LookupList.Lookup[index]
            for sub in lookup.SubTable:
                if lookup.LookupType == 9:
                    sub = sub.ExtSubTable
                if getattr(sub, "LookupType", 1) != 1 or not hasattr(sub, "Coverage"):
                    continue
                values = [sub.Value] * len(sub.Coverage.glyphs) if sub.Format == 1 else sub.Value
                for name, value in zip(sub.Coverage.glyphs, values):
                    by_glyph[int(name[1:])] = (getattr(value, "XPlacement", 0) or 0,
                                               getattr(value, "XAdvance", 0) or 0)
    finally:
        font.close()
    out = {}
    for cp, gid in char_to_glyph.items():
        if gid in by_glyph:
            place, advance = by_glyph[gid]
            out[cp] = (-place / upem, (place - advance) / upem)
    return out


def _from_classes(widths: dict[int, float]) -> dict[int, tuple[float, float]]:
    out = {}
    for ch in clreq.OPENING | clreq.CLOSING | clreq.PAUSE | clreq.STOP | clreq.INTERPUNCT:
        width = widths.get(ord(ch))
        if width is None or width < 0.9:
            continue  # proportional glyph: no blank half to remove
        if ch in clreq.OPENING:
            out[ord(ch)] = (width / 2, 0.0)
        elif ch in clreq.INTERPUNCT:
            out[ord(ch)] = (width / 4, width / 4)
        else:
            out[ord(ch)] = (0.0, width / 2)
    return out
