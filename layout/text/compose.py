"""compose_paragraph(): spans → lines, following clreq (W3C) and GB/T 15834.

Steps: split the text into atoms (a hanzi, a mark, an unbreakable run such as ——, ……, ?!,
a number or a Latin word); fix the punctuation widths that do not depend on line breaks
(adjacent marks, the scheme); choose breaks for the whole paragraph by total fit
(Knuth–Plass style dynamic programming over legal break points, 避头尾 enforced, 孤字
penalised); then set each line: edge compression, shrink in clreq's order or stretch
equally over the gaps, and group the characters into glyph runs for the renderer.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, islice
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
SHRINK_CLASS = {"space": "space", "open": "bracket", "close": "bracket", "pause": "pause",
                "stop": "stop", "interpunct": "interpunct"}  # atom kind → shrink class
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
    bl: float = 0.0    # blank on the left that may be removed (pt); only marks have blank
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
    par = _paragraph(spans, spacing)
    if par.widest > measure - indent:
        par = _Paragraph(_split_long(par.atoms, measure - indent), spacing)
    if not par.atoms:
        return ()
    lines = _lines(par, measure, indent, align, relax=False)
    if align == "justify" and any(line.width > line.measure + 0.01 for line in lines):
        # a chain of marks that may not be parted is wider than the measure: rather than run
        # out of the column, break it where the rules allow least harm (clreq §3.1.4 allows
        # exceptions), each such break costing more than any legal one
        lines = _lines(par, measure, indent, align, relax=True)
    return lines


@lru_cache(maxsize=32)
def _paragraph(spans, spacing) -> _Paragraph:
    """The part of composing that does not depend on the measure. The page composer sets one
    paragraph at several measures in a row (span variants of a module): atoms, gaps and running
    sums are made once for all of them. The variants come within a few paragraphs of each other;
    a small cache also keeps few atoms alive for the garbage collector to walk."""
    return _Paragraph(_atoms(spans, spacing), spacing)


def clear_caches() -> None:
    """Forget every composed paragraph (benchmarks time the composer cold)."""
    _compose.cache_clear()
    _paragraph.cache_clear()


def _lines(par: _Paragraph, measure, indent, align, relax: bool) -> tuple[Line, ...]:
    """Set the paragraph; a heading is never relaxed (the page composer gives it a wider module)."""
    breaks = _choose_breaks(par, measure, indent, align, relax)
    n_atoms = len(par.atoms)
    lines = [_set_line(par, i, j, measure, indent if n == 0 else 0.0, align, last=(j == n_atoms))
             for n, (i, j) in enumerate(zip(breaks, breaks[1:]))]
    if relax:
        for n in range(1, len(lines)):
            if not par.can[breaks[n]]:
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


_CHAR_KINDS: dict[str, str] = {}  # one character → its _kind(), filled as characters are met
MARKS = frozenset(("open", "close", "pause", "stop", "interpunct"))
LATIN = frozenset(("latin", "piece"))


def _atoms(spans: tuple[Span, ...], spacing: Spacing) -> list[Atom]:
    atoms: list[Atom] = []
    char_kinds = _CHAR_KINDS
    offset = 0
    for span in spans:
        size, font = span.size, span.font
        widths = font.widths  # em per code point: font.advance(ch) is widths[ord(ch)]
        end = offset  # _RUN_RE matches every character: each run starts where the last ended
        for text in _RUN_RE.findall(span.text):
            start = end
            length = len(text)
            end += length
            if length == 1:
                if text in "\n\t\r\u3000":
                    text = " "
                kind = char_kinds.get(text)
                if kind is None:
                    kind = char_kinds[text] = _kind(text)
            else:
                kind = _kind(text)
            if kind == "space":
                if atoms and atoms[-1].kind == "space":
                    atoms[-1].end = end
                    continue
                atoms.append(Atom(" ", start, end, span, kind, spacing.space_em * size))
                continue
            width = widths[ord(text)] if length == 1 else font.text_width(text)
            atom = Atom(text, start, end, span, kind, width * size)
            if kind in MARKS:
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
    marks = frozenset(("open", "close", "pause", "stop"))
    for a, b in zip(atoms, atoms[1:]):
        if a.kind not in marks or b.kind not in marks:
            continue
        if a.kind != "open" and a.br > a.cut_right:
            a.cut_right = a.br  # two adjacent marks: 1.5 em in all
        elif b.kind == "open" and b.bl > b.cut_left:
            b.cut_left = b.bl


# ---------------------------------------------------------------- breaking

class _Paragraph:
    """A paragraph's atoms and what breaking them needs at any measure: the Han–Latin gaps, where
    a line may start (避头尾), and running sums over the atoms so that a line's natural width and
    shrink are two subtractions whatever its length."""

    __slots__ = ("atoms", "hl", "can", "eff", "cut_left", "pw", "ps", "ph", "start_cut", "end_cut",
                 "end_used", "sizes", "penalties", "has_space", "has_pieces", "widest")

    def __init__(self, atoms: list[Atom], spacing: Spacing):
        self.atoms = atoms
        n = len(atoms)
        no_start, no_end = clreq.no_line_start(spacing.kinsoku), clreq.no_line_end(spacing.kinsoku)
        han_latin = spacing.han_latin_em
        # can[k]: may a line start at atom k? (避头尾, clreq §3.1.4; units are never split.)
        # hl[k]: the space between atom k and k+1, ¼ em between Han and Latin/digits (clreq §3.2.1)
        self.can = can = [True] * n
        self.hl = hl = [0.0] * n
        for k in range(1, n):
            a, b = atoms[k - 1], atoms[k]
            a_kind, b_kind = a.kind, b.kind
            if a_kind == "piece" and b_kind == "piece":
                pass  # inside a token too wide for the measure: its penalty decides
            elif b_kind == "space" or b.text[0] in no_start:
                can[k] = False
            elif a_kind == "space":
                pass
            elif a.text[-1] in no_end or (a_kind == "latin" and b_kind == "latin"):
                can[k] = False
            if (a_kind == "han" and b_kind in LATIN) or (a_kind in LATIN and b_kind == "han"):
                hl[k - 1] = han_latin * max(a.span.size, b.span.size)
        self.eff = eff = [a.width - a.cut_left - a.cut_right for a in atoms]  # Atom.eff
        self.cut_left = [a.cut_left for a in atoms]
        # running sums, pw[k] over atoms[:k], of effective widths, shrink (Atom.room, half of
        # each Han–Latin gap, a quarter of each space) and Han–Latin gaps
        self.pw = list(accumulate(eff, initial=0.0))
        self.ph = list(accumulate(hl, initial=0.0))
        self.ps = ps = [0.0]
        # at the edges of a line: start_cut, an opening bracket at line start loses its blank
        # left half (clreq §3.1.6); end_cut, a full-width mark at line end is set ½ em (GB/T
        # 15834 §5.1.10) and a space there is not set at all; end_used, the shrink that uses up
        self.start_cut, self.end_cut, self.end_used = start_cut, end_cut, end_used = [], [], []
        s = 0.0
        for atom, gap in zip(atoms, hl):
            kind = atom.kind
            if kind in MARKS:
                cut_left, cut_right = atom.cut_left, atom.cut_right
                s = s + (atom.bl - cut_left + atom.br - cut_right) + gap / 2
                start_cut.append(atom.bl - cut_left if kind == "open" else 0.0)
                cut = atom.br - cut_right if kind != "open" else 0.0
                end_cut.append(cut)
                end_used.append(cut)
            elif kind == "space":  # no blank (Atom.room is 0), shrinks by ¼ of its width
                s = s + gap / 2 + atom.width / 4
                start_cut.append(0.0)
                end_cut.append(atom.width)
                end_used.append(atom.width / 4)
            else:  # only marks have blank to cut (Atom.room is 0)
                s = s + gap / 2
                start_cut.append(0.0)
                end_cut.append(0.0)
                end_used.append(0.0)
            ps.append(s)
        self.sizes = [a.span.size for a in atoms]
        self.penalties = [a.penalty for a in atoms]
        self.has_space = any(a.kind == "space" for a in atoms)
        self.has_pieces = any(a.kind == "piece" for a in atoms)  # broken tokens: short lines may be best
        self.widest = max((a.width for a in atoms), default=0.0)


def _choose_breaks(par: _Paragraph, measure, indent, align, relax: bool = False) -> list[int]:
    """Total fit: the breaks that make the paragraph's summed line costs least. best[j] is the
    least cost of setting atoms[:j] with a break before atom j; each candidate line i..j is
    costed from the running sums; this loop is the composer's hot spot, so the line's cost is
    computed in it rather than in a function."""
    atoms, can = par.atoms, par.can
    n = len(atoms)
    if not relax and _one_line(par, measure, indent):
        return [0, n]
    penalties = par.penalties
    forced = None  # cost of a break before atom k that the rules forbid (relaxed mode only)
    if relax:
        forced = [0.0 if ok or a.kind == "space" else 1e6 for ok, a in zip(can, atoms)]
        can = [ok or a.kind != "space" for ok, a in zip(can, atoms)]
    pw, ps, ph = par.pw, par.ps, par.ph
    start_cut, end_cut, end_used, sizes = par.start_cut, par.end_cut, par.end_used, par.sizes
    ragged = align != "justify"
    has_space = par.has_space
    prune = not ragged and not par.has_pieces
    max_stretch = 1.5 * sizes[0]  # a non-final line shorter than this by more is never best
    first_measure = measure - indent
    shortest = first_measure - max_stretch
    limit, first_limit = measure + EPS, first_measure + EPS  # wider than this is overfull
    best = [INF] * (n + 1)
    prev = [0] * (n + 1)
    best[0] = 0.0
    # entry[i]: the cost of the paragraph up to a break before atom i, that break's penalty included;
    # starts: the atoms a line may start at, reached at a finite cost, in order
    entry = [INF] * n
    entry[0] = best[0] + penalties[0] + (forced[0] if forced else 0.0)
    starts = [0]
    for j in [k for k in range(1, n) if can[k]] + [n]:
        final = j == n
        last = j - 1  # the line's last atom
        # ps[j] counts half of the gap after the last atom, which is not in this line
        pw_j, ps_j, ph_j = pw[j], ps[j] - par.hl[last] / 2, ph[last]
        end_cut_j, end_used_j = end_cut[last], end_used[last]
        ragged_line = ragged and not final  # costs its blank at the end
        ends_in_space = atoms[last].kind == "space"
        best_j, prev_j = INF, 0
        # first only the starts that leave the line near full (widths are monotonic: bisect);
        # if none of them is reachable, every start. Latest start first: the longer lines come
        # later, and on equal cost the later start wins.
        for pruned in ((True, False) if prune and not final else (False,)):
            later = 0
            if pruned:
                later = len(starts) - bisect_right(starts, bisect_right(pw, pw_j - shortest) - 1)
            for i in islice(reversed(starts), later, None):
                if i:
                    line_measure, line_limit = measure, limit
                else:
                    line_measure, line_limit = first_measure, first_limit
                if i < last:
                    cut = start_cut[i]
                    cut, used = cut + end_cut_j, cut + end_used_j
                else:
                    cut = used = max(start_cut[i], end_cut_j)
                width = pw_j - pw[i] + ph_j - ph[i] - cut
                shrink = ps_j - ps[i] - used
                if width - shrink > line_limit and i < last:
                    break
                if pruned and line_measure - width > max_stretch:
                    continue
                base = entry[i]
                if base >= best_j:
                    continue  # a line never costs less than nothing
                # the line's cost: badness from the shrink or stretch it needs, squared
                if width > line_limit:
                    # squeezing punctuation is the normal first resort (先挤进), so it costs little
                    bad = 2 * ((width - line_measure) / shrink) ** 3 if shrink > EPS else 1e7
                    cost = (1 + bad) ** 2
                elif final or ragged:
                    cost = 1.0  # (1 + 0) ** 2: a last line that fits, or a ragged one, is not bad
                else:
                    gaps = last - i
                    bad = 100 * ((line_measure - width) / gaps / sizes[i] / 0.25) ** 3 if gaps else 1000.0
                    cost = (1 + bad) ** 2
                if ragged_line:
                    cost += 5 * ((line_measure - width) / sizes[i]) ** 2
                    if has_space and not ends_in_space:
                        cost += 400
                if final and i > 0 and _is_runt(atoms, i, j):
                    cost += 1e5  # 孤字 (clreq §3.3.4)
                cost = base + cost
                if cost < best_j:
                    best_j, prev_j = cost, i
            if best_j < INF:
                break
        best[j], prev[j] = best_j, prev_j
        if not final and best_j < INF:
            entry[j] = best_j + penalties[j] + (forced[j] if forced else 0.0)
            starts.append(j)
    out = [n]
    while out[-1] > 0:
        out.append(prev[out[-1]])
    return out[::-1]


def _one_line(par: _Paragraph, measure, indent) -> bool:
    """Does the whole paragraph go on one line, as total fit would set it? Then the search is
    not needed (half the headings). It would be: the line costs 1 (a final line that fits is not
    bad), and any two lines cost at least 1 each. _choose_breaks gets there if the line fits
    and no shorter last line is already too wide to be shrunk in, which ends the search."""
    n = len(par.atoms)
    if par.penalties[0] != 0.0:
        return False
    pw, ps, ph, start_cut = par.pw, par.ps, par.ph, par.start_cut
    end_cut, end_used = par.end_cut[n - 1], par.end_used[n - 1]
    if n == 1:
        return pw[1] - pw[0] + ph[0] - ph[0] - max(start_cut[0], end_cut) <= measure - indent + EPS
    if pw[n] - pw[0] + ph[n - 1] - ph[0] - (start_cut[0] + end_cut) > measure - indent + EPS:
        return False
    for i in range(n - 2, -1, -1):
        cut, used = start_cut[i] + end_cut, start_cut[i] + end_used
        limit = (measure if i else measure - indent) + EPS
        if (pw[n] - pw[i] + ph[n - 1] - ph[i] - cut) - (ps[n] - ps[i] - used) > limit:
            return False
    return True


def _is_runt(atoms, i, j) -> bool:
    content = [a for a in atoms[i:j] if a.kind not in ("pause", "stop", "close", "space")]
    return len(content) <= 1


# ---------------------------------------------------------------- setting a line

def _set_line(par: _Paragraph, i, j, measure, indent, align, last) -> Line:
    if par.atoms[j - 1].kind == "space":
        j -= 1  # a space at the end of a line is not set
    line_atoms = par.atoms[i:j]
    widths = par.eff[i:j]
    lefts = par.cut_left[i:j]
    gaps = par.hl[i:j - 1]
    gaps.append(0.0)
    first_cut, end_cut = par.start_cut[i], par.end_cut[j - 1]
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
        if par.has_space or any(gaps):  # else nothing stretches before the gaps between all
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
    members: dict[str, list[int]] = {}  # shrink class → its atoms, in line order
    for k, a in enumerate(line_atoms):
        cls = SHRINK_CLASS.get(a.kind)
        if cls is not None:
            members.setdefault(cls, []).append(k)
    for cls in SHRINK_ORDER:
        if amount <= EPS:
            return
        items = []
        if cls == "hl":
            for k in range(len(line_atoms)):
                if gaps[k] > 0:
                    items.append((k, gaps[k] / 2, True))
        for k in members.get(cls, ()):
            a = line_atoms[k]
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


def _runs(line_atoms, widths, lefts, gaps, extra, start) -> list[GlyphRun]:
    """Group characters into runs drawn with one char_space; a new run where spacing changes."""
    runs: list[GlyphRun] = []
    pen = start
    # the open run: its span, x, text and char_space, whether it is one character so far; where
    # its last character was drawn and that character's natural advance; whether the next
    # character may join it
    span = x = text = char_space = alone = last_x = last_width = joinable = None
    for atom, width, left, gap in zip(line_atoms, widths, lefts, gaps):
        draw_x = pen - left
        pen += width + gap + extra
        if atom.kind == "space":
            continue
        single = left == 0.0 and len(atom.text) == 1
        if single and joinable and span is atom.span:
            cs = draw_x - (last_x + last_width)
            if alone or -1e-4 < cs - char_space < 1e-4:
                text += atom.text
                char_space = cs
                alone = False
                last_x, last_width = draw_x, atom.width
                joinable = width == atom.width
                continue
        if span is not None:
            runs.append(_run(span, x, text, char_space))
        if atom.kind == "unit" and atom.text[0] == "—" and atom.span.font.dash_bearings:
            runs.append(_dash_run(atom, draw_x))
            span = joinable = None
            continue
        span, x, text, char_space = atom.span, draw_x, atom.text, 0.0
        alone = len(text) == 1
        last_x, last_width = draw_x, atom.width
        joinable = single and width == atom.width
    if span is not None:
        runs.append(_run(span, x, text, char_space))
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


def _run(span: Span, x: float, text: str, char_space: float) -> GlyphRun:
    cs = char_space if len(text) > 1 else 0.0
    return GlyphRun(span.font.name, span.size, text, x, round(cs, 6), span.color)
