"""The text composer as it was before the speed work (issue 7), kept as the reference that the
fast one must match exactly: same lines, same runs, same positions, to the last bit of every float.
Do not optimise this file; it is the specification by example."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from layout import clreq
from layout.boxes import CMYK, GlyphRun, Line

if TYPE_CHECKING:
    from layout.fonts import FontMetrics

INF = float("inf")
EPS = 1e-6


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    font: "FontMetrics"
    size: float
    color: CMYK = (0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True, slots=True)
class Spacing:
    kinsoku: str = "gb"             # basic | gb | strict (clreq §3.1.4)
    punctuation: str = "quanjiao"   # quanjiao | kaiming | banjiao
    han_latin_em: float = 0.25
    space_em: float = 0.5           # a space between Chinese words (headings use 1 em)


# shrink classes in clreq §3.4 order (line-end marks are handled first, at the edges)
SHRINK_ORDER = ("space", "interpunct", "bracket", "pause", "hl", "stop")
# a long Latin token may break after these (URLs, paths, compounds); elsewhere only if it must
SOFT_BREAK_AFTER = set("/.-_?&=#:@")

_RUN_RE = re.compile(r"——+|……+|⋯+|[?!？！]{2}|"
                     r"[A-Za-z0-9](?:[A-Za-z0-9.,%+\-/:@&_'?=#~]*[A-Za-z0-9%/])?| +|.", re.S)


@dataclass(slots=True)
class Atom:
    text: str
    start: int
    end: int
    span: Span
    kind: str          # han, open, close, pause, stop, interpunct, latin, piece, space, unit, other
    width: float       # natural advance, pt
    bl: float = 0.0    # blank on the left that may be removed (pt)
    br: float = 0.0    # blank on the right
    cut_left: float = 0.0   # fixed compression, pt
    cut_right: float = 0.0
    penalty: float = 0.0    # cost of a break before this atom

    @property
    def eff(self) -> float:
        return self.width - self.cut_left - self.cut_right

    @property
    def room(self) -> float:
        """Blank still removable when the line must shrink."""
        return self.bl - self.cut_left + self.br - self.cut_right


def compose_paragraph(spans: tuple[Span, ...], measure: float, *, indent: float = 0.0,
                      align: str = "justify", spacing: Spacing = Spacing()) -> tuple[Line, ...]:
    """Break a paragraph into lines of ``measure`` pt. The first line starts after ``indent``."""
    return _compose(tuple(spans), round(measure, 4), round(indent, 4), align, spacing)


@lru_cache(maxsize=8192)
def _compose(spans, measure, indent, align, spacing) -> tuple[Line, ...]:
    atoms = _split_long(_atoms(spans, spacing), measure - indent)
    if not atoms:
        return ()
    hl = _han_latin_gaps(atoms, spacing)
    lines = _lines(atoms, hl, measure, indent, align, spacing, relax=False)
    if align == "justify" and any(line.width > line.measure + 0.01 for line in lines):
        # a chain of marks that may not be parted is wider than the measure: rather than run
        # out of the column, break it where the rules allow least harm (clreq §3.1.4 allows
        # exceptions), each such break costing more than any legal one
        lines = _lines(atoms, hl, measure, indent, align, spacing, relax=True)
    return lines


def _lines(atoms, hl, measure, indent, align, spacing, relax: bool) -> tuple[Line, ...]:
    """Set the paragraph; a heading is never relaxed (the page composer gives it a wider module)."""
    breaks = _choose_breaks(atoms, hl, measure, indent, align, spacing, relax)
    lines = [_set_line(atoms, hl, i, j, measure, indent if n == 0 else 0.0, align, last=(j == len(atoms)))
             for n, (i, j) in enumerate(zip(breaks, breaks[1:]))]
    if relax:
        no_start, no_end = clreq.no_line_start(spacing.kinsoku), clreq.no_line_end(spacing.kinsoku)
        for n in range(1, len(lines)):
            k = breaks[n]
            if not _break_allowed(atoms, k, no_start, no_end):
                lines[n] = replace(lines[n], forced=True)
    return tuple(lines)


# ---------------------------------------------------------------- atoms

def _kind(text: str) -> str:
    ch = text[0]
    if ch == " ":
        return "space"
    if len(text) > 1:
        return "latin" if clreq.is_latin(ch) else "unit"
    if ch in clreq.OPENING:
        return "open"
    if ch in clreq.CLOSING:
        return "close"
    if ch in clreq.PAUSE:
        return "pause"
    if ch in clreq.STOP:
        return "stop"
    if ch in clreq.INTERPUNCT:
        return "interpunct"
    if clreq.is_latin(ch):
        return "latin"
    if clreq.is_han(ch):
        return "han"
    return "other"


def _atoms(spans: tuple[Span, ...], spacing: Spacing) -> list[Atom]:
    atoms: list[Atom] = []
    offset = 0
    for span in spans:
        size, font = span.size, span.font
        for m in _RUN_RE.finditer(span.text):
            text = m.group()
            if text in "\n\t\r\u3000":
                text = " "
            kind = _kind(text)
            if kind == "space":
                if atoms and atoms[-1].kind == "space":
                    atoms[-1].end = offset + m.end()
                    continue
                atoms.append(Atom(" ", offset + m.start(), offset + m.end(), span, kind,
                                  spacing.space_em * size))
                continue
            atom = Atom(text, offset + m.start(), offset + m.end(), span, kind,
                        font.text_width(text) * size)
            if kind in ("open", "close", "pause", "stop", "interpunct"):
                left, right = font.blanks.get(ord(text), (0.0, 0.0))
                atom.bl, atom.br = left * size, right * size
            atoms.append(atom)
        offset += len(span.text)
    while atoms and atoms[0].kind == "space":
        atoms.pop(0)
    while atoms and atoms[-1].kind == "space":
        atoms.pop()
    for a, space, b in zip(atoms, atoms[1:], atoms[2:]):
        if space.kind == "space" and a.kind == "latin" and b.kind == "latin":
            space.width = space.span.font.text_width(" ") * space.span.size  # a Western word space
    _fixed_compression(atoms, spacing.punctuation)
    return atoms


def _split_long(atoms: list[Atom], measure: float) -> list[Atom]:
    """A Latin token wider than the measure is broken into characters (clreq §3.2.4):
    cheaply after URL-safe marks, dearly anywhere else."""
    if all(a.width <= measure for a in atoms):
        return atoms
    out: list[Atom] = []
    for atom in atoms:
        if atom.width <= measure or len(atom.text) == 1:
            out.append(atom)
            continue
        font, size = atom.span.font, atom.span.size
        for k, ch in enumerate(atom.text):
            prev = atom.text[k - 1] if k else ""
            penalty = 0.0 if k == 0 else (0.0 if prev in SOFT_BREAK_AFTER else 1e6)
            out.append(Atom(ch, atom.start + k, atom.start + k + 1, atom.span, "piece",
                            font.advance(ch) * size, penalty=penalty))
    return out


def _fixed_compression(atoms: list[Atom], scheme: str) -> None:
    """标点挤压 that does not depend on the breaks (clreq §3.1.6): the scheme, adjacent marks."""
    if scheme != "quanjiao":
        for atom in atoms:
            if scheme == "banjiao" or atom.kind != "stop":
                atom.cut_left, atom.cut_right = atom.bl, atom.br
    marks = ("open", "close", "pause", "stop")
    for a, b in zip(atoms, atoms[1:]):
        if a.kind not in marks or b.kind not in marks:
            continue
        if a.kind != "open" and a.br > a.cut_right:
            a.cut_right = a.br  # two adjacent marks: 1.5 em in all
        elif b.kind == "open" and b.bl > b.cut_left:
            b.cut_left = b.bl


def _han_latin_gaps(atoms: list[Atom], spacing: Spacing) -> list[float]:
    """Space between atom k and k+1: ¼ em between Han and Latin/digits (clreq §3.2.1)."""
    gaps = [0.0] * len(atoms)
    latin = ("latin", "piece")
    for k in range(len(atoms) - 1):
        a, b = atoms[k].kind, atoms[k + 1].kind
        if (a == "han" and b in latin) or (a in latin and b == "han"):
            gaps[k] = spacing.han_latin_em * max(atoms[k].span.size, atoms[k + 1].span.size)
    return gaps


# ---------------------------------------------------------------- breaking

def _break_allowed(atoms: list[Atom], k: int, no_start: frozenset[str], no_end: frozenset[str]) -> bool:
    """May a line start at atom k? (避头尾, clreq §3.1.4; units are never split.)"""
    a, b = atoms[k - 1], atoms[k]
    if a.kind == "piece" and b.kind == "piece":
        return True  # inside a token too wide for the measure: its penalty decides
    if b.kind == "space" or b.text[0] in no_start:
        return False
    if a.kind == "space":
        return True
    if a.text[-1] in no_end:
        return False
    if a.kind == "latin" and b.kind == "latin":
        return False
    return True


def _start_cut(atom: Atom) -> float:
    """An opening bracket at line start loses its blank left half (clreq §3.1.6)."""
    return atom.bl - atom.cut_left if atom.kind == "open" else 0.0


def _end_cut(atom: Atom) -> float:
    """A full-width mark at line end is set ½ em (GB/T 15834 §5.1.10)."""
    return atom.br - atom.cut_right if atom.kind != "open" else 0.0


def _choose_breaks(atoms, hl, measure, indent, align, spacing, relax: bool = False) -> list[int]:
    n = len(atoms)
    no_start = clreq.no_line_start(spacing.kinsoku)
    no_end = clreq.no_line_end(spacing.kinsoku)
    can = [True] + [_break_allowed(atoms, k, no_start, no_end) for k in range(1, n)]
    forced = [0.0] * n  # cost of a break before atom k that the rules forbid (relaxed mode only)
    if relax:
        forced = [0.0 if ok or atoms[k].kind == "space" else 1e6 for k, ok in enumerate(can)]
        can = [ok or atoms[k].kind != "space" for k, ok in enumerate(can)]
    pw, ps, ph = [0.0], [0.0], [0.0]
    for k, atom in enumerate(atoms):
        pw.append(pw[-1] + atom.eff)
        ps.append(ps[-1] + atom.room + hl[k] / 2 + (atom.width / 4 if atom.kind == "space" else 0))
        ph.append(ph[-1] + hl[k])
    start_cut = [_start_cut(a) for a in atoms]
    end_cut = [(a.width if a.kind == "space" else _end_cut(a)) for a in atoms]
    # shrink that the edges use up: a mark's blank, or a trailing space's own shrink
    end_used = [(a.width / 4 if a.kind == "space" else end_cut[k]) for k, a in enumerate(atoms)]
    ragged = align != "justify"
    has_space = any(a.kind == "space" for a in atoms)
    has_pieces = any(a.kind == "piece" for a in atoms)  # broken tokens: short lines may be best
    max_stretch = 1.5 * atoms[0].span.size  # a non-final line shorter than this by more is never best
    best = [INF] * (n + 1)
    prev = [0] * (n + 1)
    best[0] = 0.0
    for j in range(1, n + 1):
        if j < n and not can[j]:
            continue
        prune = not ragged and j < n and not has_pieces
        for attempt in (prune, False):
            first = j - 1
            if attempt:  # skip starts that leave the line far too short: widths are monotonic
                first = min(first, bisect_right(pw, pw[j] - (measure - indent - max_stretch)) - 1)
            for i in range(first, -1, -1):
                if best[i] == INF:
                    continue
                line_measure = measure - (indent if i == 0 else 0.0)
                if i < j - 1:
                    cut, used = start_cut[i] + end_cut[j - 1], start_cut[i] + end_used[j - 1]
                else:
                    cut = used = max(start_cut[i], end_cut[j - 1])
                width = pw[j] - pw[i] + ph[j - 1] - ph[i] - cut
                shrink = ps[j] - ps[i] - used - hl[j - 1] / 2  # the gap after the line is not in it
                if width - shrink > line_measure + EPS and i < j - 1:
                    break
                if attempt and line_measure - width > max_stretch:
                    continue
                cost = best[i] + atoms[i].penalty + forced[i] + _line_cost(atoms, i, j, width, shrink,
                                                                           line_measure, ragged, has_space)
                if cost < best[j]:
                    best[j], prev[j] = cost, i
            if best[j] < INF:
                break
    out = [n]
    while out[-1] > 0:
        out.append(prev[out[-1]])
    return out[::-1]


def _line_cost(atoms, i, j, width, shrink, measure, ragged, has_space) -> float:
    n = len(atoms)
    size = atoms[i].span.size
    final = j == n
    if width > measure + EPS:
        # squeezing punctuation is the normal first resort (先挤进), so it costs little
        bad = 2 * ((width - measure) / shrink) ** 3 if shrink > EPS else 1e7
    elif final or ragged:
        bad = 0.0
    else:
        gaps = j - i - 1
        bad = 100 * ((measure - width) / gaps / size / 0.25) ** 3 if gaps else 1000.0
    cost = (1 + bad) ** 2
    if ragged and not final:
        cost += 5 * ((measure - width) / size) ** 2
        if has_space and atoms[j - 1].kind != "space":
            cost += 400
    if final and i > 0 and _is_runt(atoms, i, j):
        cost += 1e5  # 孤字 (clreq §3.3.4)
    return cost


def _is_runt(atoms, i, j) -> bool:
    content = [a for a in atoms[i:j] if a.kind not in ("pause", "stop", "close", "space")]
    return len(content) <= 1


# ---------------------------------------------------------------- setting a line

def _set_line(atoms, hl, i, j, measure, indent, align, last) -> Line:
    line_atoms = atoms[i:j]
    if line_atoms[-1].kind == "space":
        line_atoms = line_atoms[:-1]
    widths = [a.eff for a in line_atoms]
    lefts = [a.cut_left for a in line_atoms]
    gaps = list(hl[i:i + len(line_atoms) - 1]) + [0.0]
    first_cut, end_cut = _start_cut(line_atoms[0]), _end_cut(line_atoms[-1])
    if len(line_atoms) == 1:
        first_cut, end_cut = (first_cut, 0.0) if first_cut >= end_cut else (0.0, end_cut)
    widths[0] -= first_cut
    lefts[0] += first_cut
    widths[-1] -= end_cut
    avail = measure - indent
    need = avail - (sum(widths) + sum(gaps))
    extra = 0.0
    if need < -EPS:
        _shrink(line_atoms, widths, lefts, gaps, -need)
    elif align == "justify" and not last and len(line_atoms) > 1:
        need = _stretch(line_atoms, widths, gaps, need)
        extra = need / (len(line_atoms) - 1)
    natural = sum(widths) + sum(gaps) + extra * (len(line_atoms) - 1)
    start = indent
    if align == "center":
        start += max(0.0, (avail - natural) / 2)
    elif align == "right":
        start += max(0.0, avail - natural)
    runs = _runs(line_atoms, widths, lefts, gaps, extra, start)
    return Line(tuple(runs), start + natural, measure, line_atoms[0].start, line_atoms[-1].end, last)


def _shrink(line_atoms, widths, lefts, gaps, amount) -> None:
    """Shrink in clreq §3.4 order, each class equally, until ``amount`` is taken."""
    for cls in SHRINK_ORDER:
        if amount <= EPS:
            return
        items = []
        for k, a in enumerate(line_atoms):
            if cls == "hl":
                if gaps[k] > 0:
                    items.append((k, gaps[k] / 2, True))
            elif _shrink_class(a) == cls:
                room = a.width / 4 if a.kind == "space" else widths[k] - (a.width - a.bl - a.br)
                if room > EPS:
                    items.append((k, room, False))
        total = sum(room for _, room, _ in items)
        if total <= EPS:
            continue
        frac = min(1.0, amount / total)
        for k, room, is_gap in items:
            take = room * frac
            if is_gap:
                gaps[k] -= take
                continue
            widths[k] -= take
            atom = line_atoms[k]
            if atom.kind == "open":
                lefts[k] += take
            elif atom.kind == "interpunct":
                lefts[k] += take / 2
        amount -= total * frac


def _stretch(line_atoms, widths, gaps, amount) -> float:
    """Stretch in clreq §3.4 order: Western word spaces up to ½ em, then Han–Latin spacing up
    to ½ em, each class equally; return what is left to spread over every gap."""
    spaces = [k for k, a in enumerate(line_atoms) if a.kind == "space" and k + 1 < len(line_atoms)]
    room = [(k, max(0.0, a.span.size / 2 - widths[k])) for k in spaces for a in (line_atoms[k],)]
    amount = _spread(room, amount, lambda k, take: widths.__setitem__(k, widths[k] + take))
    room = [(k, max(0.0, line_atoms[k].span.size / 2 - gaps[k])) for k in range(len(line_atoms) - 1) if gaps[k] > 0]
    return _spread(room, amount, lambda k, take: gaps.__setitem__(k, gaps[k] + take))


def _spread(room, amount, apply) -> float:
    total = sum(r for _, r in room)
    if total <= EPS or amount <= EPS:
        return amount
    frac = min(1.0, amount / total)
    for k, r in room:
        apply(k, r * frac)
    return amount - total * frac


def _shrink_class(atom: Atom) -> str:
    return {"space": "space", "open": "bracket", "close": "bracket", "pause": "pause",
            "stop": "stop", "interpunct": "interpunct"}.get(atom.kind, "none")


def _runs(line_atoms, widths, lefts, gaps, extra, start) -> list[GlyphRun]:
    """Group characters into runs drawn with one char_space; a new run where spacing changes."""
    runs: list[GlyphRun] = []
    pen = start
    cur = None  # [span, x, text, char_space, last_draw_x, last_natural, mergeable]
    for k, atom in enumerate(line_atoms):
        draw_x = pen - lefts[k]
        advance = widths[k] + gaps[k] + extra
        if atom.kind != "space":
            single = len(atom.text) == 1 and lefts[k] == 0.0
            if cur is not None and single and cur[6] and cur[0] is atom.span:
                cs = draw_x - (cur[4] + cur[5])
                if len(cur[2]) == 1 or abs(cs - cur[3]) < 1e-4:
                    cur[2] += atom.text
                    cur[3] = cs
                    cur[4], cur[5] = draw_x, atom.width
                    cur[6] = widths[k] == atom.width
                    pen += advance
                    continue
            if cur is not None:
                runs.append(_run(cur))
            if atom.kind == "unit" and atom.text[0] == "—" and atom.span.font.dash_bearings:
                runs.append(_dash_run(atom, draw_x))
                cur = None
                pen += advance
                continue
            cur = [atom.span, draw_x, atom.text, 0.0, draw_x, atom.width,
                   single and widths[k] == atom.width]
        pen += advance
    if cur is not None:
        runs.append(_run(cur))
    return runs


def _dash_run(atom: Atom, x: float) -> GlyphRun:
    """—— as one unbroken rule (GB/T 15834 §5.1.4): a CJK font's em dash has blank on both sides
    of its ink, which would show as a gap (— —, easily read as 一一). Each dash is widened by
    ``scale`` and drawn closer by ``char_space`` so that the inks meet and the last dash still
    ends on the unit's n-em advance: n = (n − 1)·s·(1 − l − r) + s."""
    n = len(atom.text)
    left, right = atom.span.font.dash_bearings
    ink = 1.0 - left - right
    scale = n / ((n - 1) * ink + 1.0)
    span = atom.span
    char_space = -scale * (left + right) * span.size
    return GlyphRun(span.font.name, span.size, atom.text, x, round(char_space, 6), span.color, round(scale, 6))


def _run(cur) -> GlyphRun:
    span = cur[0]
    cs = cur[3] if len(cur[2]) > 1 else 0.0
    return GlyphRun(span.font.name, span.size, cur[2], cur[1], round(cs, 6), span.color)
