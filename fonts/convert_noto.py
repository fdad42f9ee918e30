#!/usr/bin/env python3
"""Regenerate the Layout Serif/Sans SC TrueType fonts from Debian's Noto CJK.

reportlab can only embed fonts with TrueType (glyf) outlines; Noto CJK ships
CFF outlines ("postscript outlines are not supported").  This script takes the
Simplified Chinese face of each Noto CJK OpenType collection, subsets it to the
repertoire a Chinese newspaper needs, normalises a few punctuation mappings to
their full-width Simplified Chinese forms, converts the cubic CFF outlines to
quadratic glyf outlines with cu2qu, and renames the family (Noto is a
trademark; the result is a Modified Version under the SIL OFL 1.1).

It is NOT part of the build: the generated .ttf files are committed.  Run it
by hand after `apt-get install fonts-noto-cjk`:

    python fonts/convert_noto.py [--input-dir /usr/share/fonts/opentype/noto]
                                 [--output-dir fonts] [--jobs 2]

Only fontTools is required.  Output is deterministic: the same input
collections produce byte-identical .ttf files.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

# cu2qu tolerance in font units (unitsPerEm is 1000).
MAX_ERR = 1.0

# (source collection, output file, family, style, original family for notes)
FACES = [
    ("NotoSerifCJK-Regular.ttc", "LayoutSerifSC-Regular.ttf",
     "Layout Serif SC", "Regular", "Noto Serif CJK SC"),
    ("NotoSerifCJK-Bold.ttc", "LayoutSerifSC-Bold.ttf",
     "Layout Serif SC", "Bold", "Noto Serif CJK SC"),
    ("NotoSansCJK-Bold.ttc", "LayoutSansSC-Bold.ttf",
     "Layout Sans SC", "Bold", "Noto Sans CJK SC"),
]

# The Simplified Chinese face inside Debian's Noto CJK .ttc files.
EXPECTED_SC_INDEX = 2

UNICODE_RANGES = [
    (0x0020, 0x00FF),  # Basic Latin + Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A (pinyin ā ē ī ō ū ...)
    (0x01CD, 0x01DC),  # pinyin ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
    (0x01F8, 0x01F9),  # pinyin ǹ
    (0x0251, 0x0251),  # ɑ
    (0x0261, 0x0261),  # ɡ
    (0x02C6, 0x02DD),  # spacing modifiers (ˇ ˉ ˊ ˋ ˙ tone marks)
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x045F),  # Cyrillic basic
    (0x2000, 0x206F),  # General Punctuation
    (0x2100, 0x24FF),  # letterlike, number forms, arrows, math, technical,
                       # control pictures, OCR, enclosed alphanumerics
    (0x25A0, 0x25FF),  # Geometric Shapes
    (0x2600, 0x26FF),  # Miscellaneous Symbols
    (0x2E3A, 0x2E3B),  # two- and three-em dash
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3200, 0x32FF),  # Enclosed CJK Letters and Months (㈠ ㊣ ...)
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]

# Only the default and Simplified Chinese language systems are kept, so the
# locl closure does not drag in the JP/KR/TC/HK glyph variants.
LAYOUT_SCRIPTS = [f"{script}.{lang}"
                  for script in ("DFLT", "hani", "latn", "grek", "cyrl")
                  for lang in ("dflt", "ZHS")]

LAYOUT_FEATURES = ["halt", "palt", "vhal", "vpal", "kern",
                   "locl", "fwid", "hwid", "pwid", "vert"]

# Codepoints whose default cmap glyph may be the proportional (Western) form;
# value = required advance in font units.  If the default glyph has another
# advance, the cmap is pointed at the Simplified Chinese locl / fwid glyph.
FULLWIDTH_TARGETS = {
    0x2014: 1000,  # — EM DASH (so "——" is exactly 2 em)
    0x2015: 1000,  # ― HORIZONTAL BAR
    0x2026: 1000,  # … (so "……" is 2 em)
    0x2018: 1000,  # ‘
    0x2019: 1000,  # ’
    0x201C: 1000,  # “
    0x201D: 1000,  # ”
    0x00B7: 1000,  # · used as 间隔号
    0x2E3A: 2000,  # ⸺ TWO-EM DASH
    0x2E3B: 3000,  # ⸻ THREE-EM DASH
}


def log(msg: str) -> None:
    print(msg, flush=True)


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def find_sc_face(path: str) -> int:
    """Return the index of the 'Noto S* CJK SC' face, checked via name table."""
    coll = TTCollection(path, lazy=True)
    found = None
    for i, font in enumerate(coll.fonts):
        fam = font["name"].getDebugName(1) or ""
        if fam.endswith("CJK SC") and "Mono" not in fam:
            found = i
            break
    coll.close()
    if found is None:
        raise SystemExit(f"{path}: no Simplified Chinese (CJK SC) face found")
    if found != EXPECTED_SC_INDEX:
        log(f"warning: {path}: SC face is index {found}, not {EXPECTED_SC_INDEX}")
    return found


# ---------------------------------------------------------------- GSUB helpers

def _single_subst_map(gsub, tag: str, script: str = "hani",
                      lang: str = "ZHS ") -> dict:
    """Glyph -> glyph mapping of single substitutions for feature `tag`."""
    table = gsub.table
    feats = table.FeatureList.FeatureRecord
    lookups: list[int] = []
    for sr in table.ScriptList.ScriptRecord:
        if sr.ScriptTag != script:
            continue
        langsys = sr.Script.DefaultLangSys
        for rec in sr.Script.LangSysRecord:
            if rec.LangSysTag == lang:
                langsys = rec.LangSys
        if langsys is None:
            continue
        for fi in langsys.FeatureIndex:
            if feats[fi].FeatureTag == tag:
                lookups.extend(feats[fi].Feature.LookupListIndex)
    mapping: dict = {}
    for li in sorted(set(lookups)):
        lookup = table.LookupList.Lookup[li]
        for st in lookup.SubTable:
            if lookup.LookupType == 7:
                st = st.ExtSubTable
            for k, v in getattr(st, "mapping", {}).items():
                mapping.setdefault(k, v)
    return mapping


def remap_fullwidth(font: TTFont) -> list[str]:
    """Point selected punctuation at full-width SC glyphs; return a log."""
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    candidates = [("locl", _single_subst_map(font["GSUB"], "locl")),
                  ("fwid", _single_subst_map(font["GSUB"], "fwid"))]
    notes = []
    for cp, want in sorted(FULLWIDTH_TARGETS.items()):
        g = cmap.get(cp)
        if g is None:
            notes.append(f"U+{cp:04X} not in font")
            continue
        adv = hmtx[g][0]
        if adv == want:
            notes.append(f"U+{cp:04X} {g} adv {adv} ok")
            continue
        new = None
        for tag, m in candidates:
            alt = m.get(g)
            if alt is not None and hmtx[alt][0] == want:
                new = (tag, alt)
                break
        if new is None:
            notes.append(f"U+{cp:04X} {g} adv {adv}: NO {want}-unit alternate")
            continue
        tag, alt = new
        for sub in font["cmap"].tables:
            if sub.isUnicode() and sub.format in (4, 12) and cp in sub.cmap:
                sub.cmap[cp] = alt
        notes.append(f"U+{cp:04X} {g} adv {adv} -> {alt} adv {want} (via {tag})")
    return notes


# ------------------------------------------------------------- name handling

def rename(font: TTFont, family: str, style: str, orig: str, notes: str,
           max_err: float = MAX_ERR) -> None:
    name = font["name"]
    ps_name = family.replace(" ", "") + "-" + style
    full = f"{family} {style}"
    version = name.getDebugName(5) or ""
    ver_num = version.split(";")[0].replace("Version", "").strip()
    new = {
        1: family,
        2: style,
        3: f"{ver_num};LAYOUT;{ps_name}",
        4: full,
        6: ps_name,
        16: family,
        17: style,
    }
    old_desc = name.getDebugName(10)
    desc = (f"{full} is a modified version of {orig} {style} {ver_num} "
            f"(Debian fonts-noto-cjk): subset to the CJK Unified Ideographs, "
            f"Extension A, CJK/Latin/general punctuation and symbols needed for "
            f"Simplified Chinese newspaper typesetting; {notes}; CFF outlines "
            f"converted to TrueType (quadratic) outlines with fontTools cu2qu "
            f"(max error {max_err:g} unit); hinting removed; renamed because "
            f"Noto is a trademark of Google. Not an official Noto font.")
    if old_desc:
        desc = desc + " Original credits: " + old_desc
    # Platforms/encodings/languages present for the family name records.
    keys = {(r.platformID, r.platEncID, r.langID)
            for r in name.names if r.nameID in (1, 2, 4, 6)}
    name.names = [r for r in name.names
                  if r.nameID not in set(new) | {10}]
    for pid, eid, lid in sorted(keys):
        for nid, text in list(new.items()) + [(10, desc)]:
            if nid in (3, 6, 10) and lid not in (0, 0x409):
                continue  # unique ID, PostScript name, description: English
            name.setName(text, nid, pid, eid, lid)
    name.setName(f"{version}; Layout TrueType conversion", 5, 3, 1, 0x409)
    name.names.sort(key=lambda r: (r.platformID, r.platEncID, r.langID,
                                   r.nameID))


# -------------------------------------------------------- CFF -> glyf convert

def cff_to_glyf(font: TTFont, max_err: float = MAX_ERR) -> None:
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    vorg = font["VORG"] if "VORG" in font else None

    glyphs = {}
    for gname in glyph_order:
        tt_pen = TTGlyphPen(None)
        pen = Cu2QuPen(tt_pen, max_err, reverse_direction=True,
                       all_quadratic=True)
        glyph_set[gname].draw(pen)
        glyphs[gname] = tt_pen.glyph(dropImpliedOnCurves=True)

    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]

    # horizontal: lsb = xMin; vertical: keep the CFF vertical origin (VORG)
    hmtx = font["hmtx"]
    vmtx = font["vmtx"] if "vmtx" in font else None
    for gname in glyph_order:
        g = glyf[gname]
        g.recalcBounds(glyf)
        has_ink = g.numberOfContours != 0
        adv, _ = hmtx[gname]
        hmtx[gname] = (adv, g.xMin if has_ink else 0)
        if vmtx is not None:
            vadv, tsb = vmtx[gname]
            if has_ink:
                if vorg is not None:
                    origin = vorg.VOriginRecords.get(gname,
                                                     vorg.defaultVertOriginY)
                    tsb = origin - g.yMax
            else:
                tsb = 0
            vmtx[gname] = (vadv, tsb)
    if vorg is not None:
        del font["VORG"]

    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(glyph_order)
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements",
                 "maxSizeOfInstructions", "maxPoints", "maxContours",
                 "maxCompositePoints", "maxCompositeContours",
                 "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    font["maxp"] = maxp  # point/contour maxima are recalculated on save

    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}

    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


# ------------------------------------------------------------------ one face

def convert(src_dir: str, out_dir: str, max_err: float, src_name: str,
            out_name: str, family: str, style: str, orig: str) -> dict:
    t0 = time.monotonic()
    src = os.path.join(src_dir, src_name)
    index = find_sc_face(src)
    font = TTFont(src, fontNumber=index, recalcTimestamp=False,
                  recalcBBoxes=True, lazy=False)
    src_head = font["head"]
    fixed_time = src_head.modified
    src_family = font["name"].getDebugName(4)

    remap_notes = remap_fullwidth(font)
    remapped = [n.split(" ")[0] for n in remap_notes if "->" in n]

    have = set(font.getBestCmap())
    unicodes = sorted(cp for lo, hi in UNICODE_RANGES
                      for cp in range(lo, hi + 1) if cp in have)

    opts = subset.Options()
    opts.layout_features = LAYOUT_FEATURES
    opts.layout_scripts = LAYOUT_SCRIPTS
    opts.hinting = False
    opts.glyph_names = False
    opts.notdef_outline = True
    opts.notdef_glyph = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.recalc_timestamp = False
    opts.prune_unicode_ranges = True
    subsetter = subset.Subsetter(options=opts)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    t_subset = time.monotonic() - t0

    cff_to_glyf(font, max_err)
    t_convert = time.monotonic() - t0 - t_subset

    note = ("cmap of " + ", ".join(remapped) +
            " pointed at the full-width Simplified Chinese glyphs"
            if remapped else "punctuation unchanged")
    rename(font, family, style, orig, note, max_err)

    head = font["head"]
    head.created = fixed_time
    head.modified = fixed_time

    out = os.path.join(out_dir, out_name)
    tmp = out + ".tmp"
    font.save(tmp, reorderTables=True)
    font.close()
    os.replace(tmp, out)
    elapsed = time.monotonic() - t0
    return {
        "out": out_name, "src": src_name, "face": index,
        "src_face": src_family, "glyphs": len(font.getGlyphOrder()),
        "codepoints": len(unicodes), "size": os.path.getsize(out),
        "t_subset": t_subset, "t_convert": t_convert, "elapsed": elapsed,
        "sha256": sha256(out), "remap": remap_notes,
    }


def _convert_star(args):
    return convert(*args)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input-dir", default="/usr/share/fonts/opentype/noto",
                    help="directory with Noto*CJK-*.ttc (default: %(default)s)")
    ap.add_argument("--output-dir",
                    default=os.path.dirname(os.path.abspath(__file__)),
                    help="where to write the .ttf files (default: fonts/)")
    ap.add_argument("--jobs", "-j", type=int,
                    default=min(len(FACES), os.cpu_count() or 1),
                    help="parallel conversions (default: %(default)s)")
    ap.add_argument("--only", action="append", metavar="OUT.ttf",
                    help="convert only this output file (repeatable)")
    ap.add_argument("--max-err", type=float, default=MAX_ERR,
                    help="cu2qu tolerance in font units (default: %(default)s)")
    args = ap.parse_args(argv)

    faces = [f for f in FACES if not args.only or f[1] in args.only]
    for f in faces:
        p = os.path.join(args.input_dir, f[0])
        if not os.path.exists(p):
            ap.error(f"{p} not found (apt-get install fonts-noto-cjk)")
    os.makedirs(args.output_dir, exist_ok=True)

    jobs = [(args.input_dir, args.output_dir, args.max_err) + f for f in faces]
    t0 = time.monotonic()
    if args.jobs > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as ex:
            results = list(ex.map(_convert_star, jobs))
    else:
        results = [_convert_star(j) for j in jobs]
    for r in results:
        log(f"{r['out']}: from {r['src']} face {r['face']} ({r['src_face']})")
        for n in r["remap"]:
            log(f"    {n}")
        log(f"    {r['codepoints']} codepoints, {r['glyphs']} glyphs, "
            f"{r['size'] / 1e6:.2f} MB, subset {r['t_subset']:.1f} s + "
            f"cu2qu {r['t_convert']:.1f} s, total {r['elapsed']:.1f} s")
        log(f"    sha256 {r['sha256']}")
    log(f"all done in {time.monotonic() - t0:.1f} s (jobs={args.jobs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
