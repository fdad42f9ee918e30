"""compose_paragraph(): spans → lines, following clreq (W3C) and GB/T 15834.

Steps: split the text into atoms (a hanzi, a mark, an unbreakable run such as ——, ……, a
number or a Latin word); fix the punctuation widths that do not depend on line breaks
(adjacent marks, the scheme); choose breaks for the whole paragraph by total fit
(Knuth–Plass style dynamic programming over legal break points, 避头尾 enforced, 孤字
penalised); then set each line: edge compression, shrink in clreq's order or stretch
equally over the gaps, and group the characters into glyph runs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from layout.boxes import CMYK, GlyphRun, Line
from layout.fonts import FontMetrics
from layout.text import clreq

INF = float("inf")
EPS = 1e-6


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    font: FontMetrics
    size: float
    color: CMYK = (0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True, slots=True)
class Spacing:
    kinsoku: str = "basic"
    punctuation: str = "quanjiao"
    han_latin_em: float = 0.25
    space_em: float = 0.5  # width of a space between Chinese words (headings use 1 em)


# shrink classes in clreq §3.4 order (line-end marks are handled first, at the edges)
SHRINK_ORDER = ("space", "interpunct", "bracket", "pause", "hl", "stop")

_RUN_RE = re.compile(r"——+|……+|⋯+|[?!？！]{2}|[A-Za-z0-9](?:[A-Za-z0-9.,%+\-/:@&_']*[A-Za-z0-9%])?| +|.",
                     re.S)


@dataclass(slots=True)
class Atom:
    text: str
    start: int
    end: int
    span: Span
    kind: str          # han, open, close, pause, stop, latin, space, unit, other
    width: float       # natural advance, pt
    half: float        # removable blank half (pt), 0 when the glyph has none
    cut_left: float = 0.0   # fixed compression on the left, pt
    cut_right: float = 0.0

    @property
    def eff(self) -> float:
        return self.width - self.cut_left - self.cut_right


def compose_paragraph(spans: tuple[Span, ...], measure: float, *, indent: float = 0.0,
                      align: str = "justify", spacing: Spacing = Spacing()) -> tuple[Line, ...]:
    """Break a paragraph into lines of ``measure`` pt. The first line starts after ``indent``."""
    return _compose(tuple(spans), round(measure, 4), round(indent, 4), align, spacing)


@lru_cache(maxsize=8192)
def _compose(spans, measure, indent, align, spacing) -> tuple[Line, ...]:
    atoms = _atoms(spans, spacing)
    if not atoms:
        return ()
    hl = _han_latin_gaps(atoms, spacing)
    breaks = _choose_breaks(atoms, hl, measure, indent, align, spacing)
    lines = []
    for n, (i, j) in enumerate(zip(breaks, breaks[1:])):
        lines.append(_set_line(atoms, hl, i, j, measure, indent if n == 0 else 0.0,
                               align, last=(j == len(atoms))))
    return tuple(lines)


# ---------------------------------------------------------------- atoms

def _kind(text: str) -> str:
    ch = text[0]
    if len(text) > 1:
        if text[0] == " ":
            return "space"
        return "latin" if clreq.is_latin(ch) else "unit"
    if ch == " ":
        return "space"
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
            if text in "\n\t\r":
                text = " "
            kind = _kind(text)
            if kind == "space":
                width, text = spacing.space_em * size, " "
                if atoms and atoms[-1].kind == "space":
                    atoms[-1].end = offset + m.end()
                    continue
            else:
                width = font.text_width(text) * size
            half = 0.0
            if len(text) == 1 and (text in clreq.BLANK_LEFT or text in clreq.BLANK_RIGHT) \
                    and width >= 0.9 * size:
                half = width / 2
            atoms.append(Atom(text, offset + m.start(), offset + m.end(), span, kind, width, half))
        offset += len(span.text)
    while atoms and atoms[0].kind == "space":
        atoms.pop(0)
    while atoms and atoms[-1].kind == "space":
        atoms.pop()
    _fixed_compression(atoms, spacing.punctuation)
    return atoms


def _fixed_compression(atoms: list[Atom], scheme: str) -> None:
    """标点挤压 that does not depend on the breaks (clreq §3.1.6): adjacent marks and the scheme."""
    for atom in atoms:
        if not atom.half:
            continue
        if scheme == "banjiao" or (scheme == "kaiming" and atom.kind != "stop"):
            if atom.kind == "open":
                atom.cut_left = atom.half
            else:
                atom.cut_right = atom.half
    for a, b in zip(atoms, atoms[1:]):
        if not (a.half or b.half) or a.kind == "space" or b.kind == "space":
            continue
        if a.half and a.kind in ("close", "pause", "stop") and b.kind in ("open", "close", "pause", "stop"):
            a.cut_right = a.half  # two adjacent marks: 1.5 em in all
        elif b.half and b.kind == "open" and a.kind in ("open", "close", "pause", "stop"):
            b.cut_left = b.half


def _han_latin_gaps(atoms: list[Atom], spacing: Spacing) -> list[float]:
    """Space between atom k and k+1: ¼ em between Han and Latin/digits (clreq §3.2.1)."""
    gaps = [0.0] * len(atoms)
    for k in range(len(atoms) - 1):
        a, b = atoms[k].kind, atoms[k + 1].kind
        if (a == "han" and b == "latin") or (a == "latin" and b == "han"):
            gaps[k] = spacing.han_latin_em * max(atoms[k].span.size, atoms[k + 1].span.size)
    return gaps


# ---------------------------------------------------------------- breaking

def _break_allowed(atoms: list[Atom], k: int, no_start: frozenset[str]) -> bool:
    """May a line start at atom k? (避头尾, clreq §3.1.4; never split units.)"""
    a, b = atoms[k - 1], atoms[k]
    if b.kind == "space" or b.text[0] in no_start:
        return False
    if a.kind == "space":
        return True
    if a.text[-1] in clreq.NO_LINE_END:
        return False
    if a.kind == "latin" and b.kind == "latin":
        return False
    return True


def _shrinkable(atom: Atom) -> float:
    if atom.half and not (atom.cut_left or atom.cut_right):
        return atom.half
    return 0.0


def _edges(atoms: list[Atom], i: int, j: int) -> tuple[float, float]:
    """Width removed at the line edges (clreq §3.1.6: start bracket, end mark ½ em), and the shrink it uses."""
    removed = used = 0.0
    first, last = atoms[i], atoms[j - 1]
    if first.kind == "open" and first.half and not first.cut_left:
        removed += first.half
        used += first.half
    if last.half and last.kind != "open" and not last.cut_right and not (i == j - 1 and removed):
        removed += last.half
        used += last.half
    return removed, used


def _choose_breaks(atoms, hl, measure, indent, align, spacing) -> list[int]:
    n = len(atoms)
    no_start = clreq.no_line_start(spacing.kinsoku)
    can = [True] + [_break_allowed(atoms, k, no_start) for k in range(1, n)]
    pw, ps, ph = [0.0], [0.0], [0.0]
    for k, atom in enumerate(atoms):
        pw.append(pw[-1] + atom.eff)
        ps.append(ps[-1] + _shrinkable(atom) + hl[k] / 2 + (atom.width / 4 if atom.kind == "space" else 0))
        ph.append(ph[-1] + hl[k])
    ragged = align != "justify"
    has_space = any(a.kind == "space" for a in atoms)
    best = [INF] * (n + 1)
    prev = [0] * (n + 1)
    best[0] = 0.0
    for j in range(1, n + 1):
        if j < n and not can[j]:
            continue
        for i in range(j - 1, -1, -1):
            if best[i] == INF:
                continue
            line_measure = measure - (indent if i == 0 else 0.0)
            removed, used = _edges(atoms, i, j)
            trailing_space = atoms[j - 1].width if atoms[j - 1].kind == "space" else 0.0
            width = pw[j] - pw[i] + ph[j - 1] - ph[i] - removed - trailing_space
            shrink = ps[j] - ps[i] - used
            if width - shrink > line_measure + EPS and i < j - 1:
                break
            cost = best[i] + _line_cost(atoms, i, j, width, shrink, line_measure, ragged, has_space)
            if cost < best[j]:
                best[j], prev[j] = cost, i
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
    if line_atoms and line_atoms[-1].kind == "space":
        line_atoms = line_atoms[:-1]
    widths = [a.eff for a in line_atoms]
    lefts = [a.cut_left for a in line_atoms]
    gaps = list(hl[i:i + len(line_atoms) - 1]) + [0.0]
    first, lastatom = line_atoms[0], line_atoms[-1]
    if first.kind == "open" and first.half and not first.cut_left:
        widths[0] -= first.half
        lefts[0] += first.half
    if lastatom.half and lastatom.kind != "open" and not lastatom.cut_right \
            and not (len(line_atoms) == 1 and lefts[0] > first.cut_left):
        widths[-1] -= lastatom.half
    avail = measure - indent
    need = avail - (sum(widths) + sum(gaps))
    extra = 0.0
    if need < -EPS:
        _shrink(line_atoms, widths, lefts, gaps, -need)
    elif align == "justify" and not last and len(line_atoms) > 1:
        extra = need / (len(line_atoms) - 1)
    natural = sum(widths) + sum(gaps) + extra * (len(line_atoms) - 1)
    start = indent
    if align == "center":
        start += max(0.0, (avail - natural) / 2)
    elif align == "right":
        start += max(0.0, avail - natural)
    runs = _runs(line_atoms, widths, lefts, gaps, extra, start)
    return Line(tuple(runs), start + natural, measure, first.start, line_atoms[-1].end, last)


def _shrink(line_atoms, widths, lefts, gaps, amount) -> None:
    """Shrink in clreq §3.4 order, each class equally, until ``amount`` is taken."""
    for cls in SHRINK_ORDER:
        if amount <= EPS:
            return
        items = []
        for k, a in enumerate(line_atoms):
            if cls == "hl":
                if gaps[k] > 0:
                    items.append(("gap", k, gaps[k] / 2))
                continue
            room = a.width / 4 if a.kind == "space" else (a.half - (a.width - widths[k] - a.cut_left - a.cut_right) if _shrinkable(a) else 0.0)
            if room > EPS and _shrink_class(a) == cls:
                items.append(("atom", k, room))
        total = sum(room for _, _, room in items)
        if total <= EPS:
            continue
        frac = min(1.0, amount / total)
        for what, k, room in items:
            take = room * frac
            if what == "gap":
                gaps[k] -= take
            else:
                widths[k] -= take
                if line_atoms[k].kind == "open":
                    lefts[k] += take
        amount -= total * frac


def _shrink_class(atom: Atom) -> str:
    if atom.kind == "space":
        return "space"
    if atom.kind in ("open", "close"):
        return "bracket"
    if atom.kind == "pause":
        return "pause"
    if atom.kind == "stop":
        return "stop"
    return "interpunct" if atom.kind == "interpunct" else "none"


def _runs(line_atoms, widths, lefts, gaps, extra, start) -> list[GlyphRun]:
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
                    cur[6] = single and widths[k] == atom.width
                    pen += advance
                    continue
            if cur is not None:
                runs.append(_run(cur))
            cur = [atom.span, draw_x, atom.text, 0.0, draw_x, atom.width,
                   single and widths[k] == atom.width]
        pen += advance
    if cur is not None:
        runs.append(_run(cur))
    return runs


def _run(cur) -> GlyphRun:
    span = cur[0]
    cs = cur[3] if len(cur[2]) > 1 else 0.0
    return GlyphRun(span.font.name, span.size, cur[2], cur[1], round(cs, 6), span.color)
