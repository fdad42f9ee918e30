"""Place modules on a page: ordered guillotine dynamic programming.

Newspaper pages are guillotine structures (every region holds one module or is cut in two
across its whole width or height: Frandsen et al. 1993, Gange, Marriott & Stuckey 2012).
``pack()`` finds, for items in priority order (which is also reading order: an earlier item is
above or to the left of a later one, so the lead is at the top left), the guillotine layout
that fills the page height exactly at the lowest cost. Each item offers variants (span ×
height, with flexible lines and, for jumpable articles, cut-short variants); costs cover
flexible lines used, jumps, white padding, headlines side by side (tombstones) and a
shortfall at the foot of the page. ``best(i, j, w)`` maps a box height to the cheapest layout
of items i..j−1 in a w-column box; maps are small (≤ page lines), so a page of ten items is
a few thousand combinations.
"""
from __future__ import annotations

from dataclasses import dataclass

TOMBSTONE = 1e6        # two headlines level with each other across a vertical cut: never
PAD = 12.0             # per blank cell (one column × one line) padding a shorter side
SHORTFALL = 25.0       # per blank cell at the foot of the page


@dataclass(frozen=True, slots=True)
class Variant:
    """One way to set item ``index``: ``span`` columns × ``height`` lines (gap line included)."""

    index: int
    span: int
    height: int
    cost: float
    head_band: tuple[int, int] | None   # lines of the heads, from the module top
    extra: int = 0                      # flexible lines used (image growth or head space)
    body_lines: int = 0                 # body lines set in this module (fewer when it jumps)
    jumps: bool = False
    head_scale: float = 1.0             # headline size as a multiple of the ladder's


# A layout tree: a leaf is the Variant set there; a cut is (vertical, first, second, first_size),
# first_size in columns (vertical) or lines (horizontal). Plain tuples: the packer makes
# hundreds of thousands of them on a large page.
Cut = tuple[bool, "Node", "Node", int]
Node = Variant | Cut

# An entry of a table: the cheapest layout found for one box height, with the head band at
# the box's top-left and top-right edges (cost, node, left_band, right_band).
Entry = tuple[float, Node, tuple[int, int] | None, tuple[int, int] | None]
Table = dict[int, Entry]   # box height → entry; keys in the order first offered (ties go to the earlier)


@dataclass(frozen=True, slots=True)
class Placement:
    variant: Variant
    col: int
    top: int
    height: int   # lines of the box, gap line included (≥ variant.height when padded)


def pack(variants: list[list[Variant]], columns: int, lines: int) -> tuple[float, list[Placement], int] | None:
    """Best layout of all items in a ``columns`` × ``lines`` area: (cost, placements, shortfall lines)."""
    n = len(variants)
    if n == 0:
        return 0.0, [], lines
    best: dict[tuple[int, int, int], Table] = {}
    for i in range(n):
        for w in range(1, columns + 1):
            table: Table = {}
            for v in variants[i]:
                if v.span == w and v.height <= lines:
                    old = table.get(v.height)
                    if old is None or v.cost < old[0]:
                        table[v.height] = (v.cost, v, v.head_band, v.head_band)
            best[(i, i + 1, w)] = table
    views = _TableViews(best, lines)
    for length in range(2, n + 1):
        for i in range(0, n - length + 1):
            j = i + length
            for w in range(1, columns + 1):
                table = {}
                cost_at = [_NONE] * (lines + 1)   # the table's costs by height, for the inner loops
                for k in range(i + 1, j):
                    if best[(i, k, w)] and best[(k, j, w)]:
                        _stack(table, cost_at, best[(i, k, w)], views.below(k, j, w), lines)
                    for w1 in range(1, w):
                        left, right = best[(i, k, w1)], best[(k, j, w - w1)]
                        if left and right:
                            _side_by_side(table, cost_at, left, right, views.right_edge(i, k, w1),
                                          views.left_edge(k, j, w - w1), views.heights(left, right), w1)
                best[(i, j, w)] = table
    # the whole width if it can be filled; failing that, fewer columns and blank ones beside
    for width in range(columns, 0, -1):
        final = best[(0, n, width)]
        if final:
            break
    else:
        return None
    blank = (columns - width) * lines

    def total(item):
        return item[1][0] + SHORTFALL * (columns * (lines - item[0]) + blank)

    height, entry = min(final.items(), key=lambda item: (total(item), -item[0]))
    placements: list[Placement] = []
    _place(entry[1], 0, 0, height, placements)
    return total((height, entry)), placements, lines - height + blank // columns


_NONE = float("inf")   # no entry at this height yet: any layout is cheaper


def _stack(table: Table, cost_at: list[float], upper: Table, below: list[tuple[int, float, Node]],
           lines: int) -> None:
    """One box above the other (``below`` is the lower table as (height, cost, node) in its
    order): every pair of heights that fits. An entry replaces an older one only when strictly
    cheaper, so of equal costs the first offered stays."""
    for h1, (a_cost, a_node, a_left, a_right) in upper.items():
        room = lines - h1
        for h2, b_cost, b_node in below:
            if h2 <= room:
                cost = a_cost + b_cost
                h = h1 + h2
                if cost < cost_at[h]:
                    cost_at[h] = cost
                    table[h] = (cost, (False, a_node, b_node, h1), a_left, a_right)


def _side_by_side(table: Table, cost_at: list[float], left: Table, right: Table,
                  pad_left: "Padded", pad_right: "Padded", heights, w1: int) -> None:
    """Two boxes side by side at the height of the taller; the shorter is padded at its foot.
    Padding costs PAD per cell, so for each height only the cheapest padded box matters (and,
    to keep a tombstone-free choice, the cheapest whose heads do not reach the shared edge)."""
    right_best, right_best_cost, right_free, right_free_cost = pad_right
    left_best, left_best_cost, left_free, left_free_cost = pad_left
    for height in heights:
        a = left.get(height)
        if a is not None:
            b = right_best[height]
            if b is not None:
                _side(table, cost_at, height, a, 0.0, b, right_best_cost[height] - b[0], w1)
                b = right_free[height]
                if b is not None:
                    _side(table, cost_at, height, a, 0.0, b, right_free_cost[height] - b[0], w1)
        b = right.get(height)
        if b is not None:
            a = left_best[height]
            if a is not None:
                _side(table, cost_at, height, a, left_best_cost[height] - a[0], b, 0.0, w1)
                a = left_free[height]
                if a is not None:
                    _side(table, cost_at, height, a, left_free_cost[height] - a[0], b, 0.0, w1)


def _side(table: Table, cost_at: list[float], height: int, a: Entry, pad_a: float, b: Entry, pad_b: float,
          w1: int) -> None:
    """Offer ``a`` left of ``b``, padded by the given costs; heads level across the cut are a tombstone."""
    tomb = TOMBSTONE if _overlap(a[3], b[2]) else 0.0
    cost = a[0] + b[0] + pad_a + pad_b + tomb
    if cost < cost_at[height]:
        cost_at[height] = cost
        table[height] = (cost, (True, a[1], b[1], w1), a[2], b[3])


# A table padded to every height H (see ``_padded``), by height: the cheapest entry of height
# ≤ H and its cost padded to H; the cheapest with no heads at the shared edge, if another, and its cost.
Padded = tuple[list[Entry | None], list[float], list[Entry | None], list[float]]


class _TableViews:
    """What ``pack`` reads of a finished table again and again, made once per table: padded to
    every height for either side of a vertical cut, its (height, cost, node) list for stacking
    below another, and its set of heights."""

    def __init__(self, best: dict[tuple[int, int, int], Table], lines: int):
        self.best, self.lines = best, lines
        self._right: dict[tuple[int, int, int], Padded] = {}
        self._left: dict[tuple[int, int, int], Padded] = {}
        self._below: dict[tuple[int, int, int], list[tuple[int, float, Node]]] = {}
        self._heights: dict[int, set[int]] = {}

    def right_edge(self, i: int, j: int, w: int) -> Padded:
        """Padded, for the left box of a pair: the band that matters is at its right edge."""
        key = (i, j, w)
        if key not in self._right:
            self._right[key] = _padded(self.best[key], w, self.lines, 3)
        return self._right[key]

    def left_edge(self, i: int, j: int, w: int) -> Padded:
        key = (i, j, w)
        if key not in self._left:
            self._left[key] = _padded(self.best[key], w, self.lines, 2)
        return self._left[key]

    def below(self, i: int, j: int, w: int) -> list[tuple[int, float, Node]]:
        key = (i, j, w)
        if key not in self._below:
            self._below[key] = [(h, entry[0], entry[1]) for h, entry in self.best[key].items()]
        return self._below[key]

    def heights(self, left: Table, right: Table) -> set[int]:
        """Heights of either table (as the set of each table's heights, built once per table)."""
        return self._set(left) | self._set(right)

    def _set(self, table: Table) -> set[int]:
        # keyed by id: every table lives in ``best`` as long as this object
        found = self._heights.get(id(table))
        if found is None:
            found = self._heights[id(table)] = set(table)
        return found


def _padded(table: Table, width: int, lines: int, band: int) -> Padded:
    """For each height H: the cheapest entry of height ≤ H padded to H (and the cheapest whose
    band at the shared edge — entry[band] — is empty), with their costs padded to H."""
    best_at: list[Entry | None] = [None] * (lines + 1)
    free_at: list[Entry | None] = [None] * (lines + 1)
    best_cost_at, free_cost_at = [0.0] * (lines + 1), [0.0] * (lines + 1)
    step = PAD * width
    best = free = None
    best_cost = free_cost = 0.0
    for height in range(min(table), lines + 1):   # nothing below the lowest entry
        if best is not None:
            best_cost += step
        if free is not None:
            free_cost += step
        entry = table.get(height)
        if entry is not None:
            cost = entry[0]
            if best is None or cost <= best_cost:
                best, best_cost = entry, cost
            if entry[band] is None and (free is None or cost <= free_cost):
                free, free_cost = entry, cost
        best_at[height], best_cost_at[height] = best, best_cost
        if free is not best:
            free_at[height], free_cost_at[height] = free, free_cost
    return best_at, best_cost_at, free_at, free_cost_at


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _place(node: Node, col: int, top: int, height: int, out: list[Placement]) -> None:
    """Lay out the tree in a box; a leaf in a taller box is padded at its foot."""
    if isinstance(node, Variant):
        out.append(Placement(node, col, top, height))
        return
    vertical, first, second, first_size = node
    if vertical:
        _place(first, col, top, height, out)
        _place(second, col + first_size, top, height, out)
        return
    _place(first, col, top, first_size, out)
    _place(second, col, top + first_size, height - first_size, out)
