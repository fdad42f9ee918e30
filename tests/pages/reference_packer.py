"""The page packer as it was before the speed work (issue 7), kept as the reference that the
fast one (layout/pages/packer.py) must match exactly: same cost, same placements, and of equal
costs the same choice. Do not optimise this file; it is the specification by example."""
from __future__ import annotations

from dataclasses import dataclass

from layout.pages.packer import Placement, Variant

TOMBSTONE = 1e6        # two headlines level with each other across a vertical cut: never
PAD = 12.0             # per blank cell (one column × one line) padding a shorter side
SHORTFALL = 25.0       # per blank cell at the foot of the page


@dataclass(frozen=True, slots=True)
class Leaf:
    variant: Variant


@dataclass(frozen=True, slots=True)
class Cut:
    vertical: bool
    first: "Node"
    second: "Node"
    first_size: int     # columns (vertical) or lines (horizontal) of the first part


Node = Leaf | Cut


@dataclass(frozen=True, slots=True)
class Entry:
    cost: float
    node: Node
    left_band: tuple[int, int] | None   # head band at the top-left edge of the box
    right_band: tuple[int, int] | None  # head band at the top-right edge


def pack(variants: list[list[Variant]], columns: int, lines: int) -> tuple[float, list[Placement], int] | None:
    """Best layout of all items in a ``columns`` × ``lines`` area: (cost, placements, shortfall lines)."""
    n = len(variants)
    if n == 0:
        return 0.0, [], lines
    best: dict[tuple[int, int, int], dict[int, Entry]] = {}
    for i in range(n):
        for w in range(1, columns + 1):
            table: dict[int, Entry] = {}
            for v in variants[i]:
                if v.span == w and v.height <= lines:
                    _offer(table, v.height, Entry(v.cost, Leaf(v), v.head_band, v.head_band))
            best[(i, i + 1, w)] = table
    for length in range(2, n + 1):
        for i in range(0, n - length + 1):
            j = i + length
            for w in range(1, columns + 1):
                table = {}
                for k in range(i + 1, j):
                    _stack(table, best[(i, k, w)], best[(k, j, w)], lines)
                    for w1 in range(1, w):
                        _side_by_side(table, best[(i, k, w1)], best[(k, j, w - w1)], w1, w - w1, lines)
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
        return item[1].cost + SHORTFALL * (columns * (lines - item[0]) + blank)

    height, entry = min(final.items(), key=lambda item: (total(item), -item[0]))
    placements: list[Placement] = []
    _place(entry.node, 0, 0, height, placements)
    return total((height, entry)), placements, lines - height + blank // columns


def _offer(table: dict[int, Entry], height: int, entry: Entry) -> None:
    old = table.get(height)
    if old is None or entry.cost < old.cost:
        table[height] = entry


def _stack(table, upper: dict[int, Entry], lower: dict[int, Entry], lines: int) -> None:
    for h1, a in upper.items():
        for h2, b in lower.items():
            h = h1 + h2
            if h <= lines:
                _offer(table, h, Entry(a.cost + b.cost, Cut(False, a.node, b.node, h1),
                                       a.left_band, a.right_band))


def _side_by_side(table, left: dict[int, Entry], right: dict[int, Entry], w1: int, w2: int, lines: int) -> None:
    """Two boxes side by side at the height of the taller; the shorter is padded at its foot.
    Padding costs PAD per cell, so for each height only the cheapest padded box matters (and,
    to keep a tombstone-free choice, the cheapest whose heads do not reach the shared edge)."""
    if not left or not right:
        return
    pad_left = _padded(left, w1, lines, lambda e: e.right_band)
    pad_right = _padded(right, w2, lines, lambda e: e.left_band)
    for height in set(left) | set(right):
        pairs = []
        if height in left:
            pairs += [(left[height], 0.0, b, cost - b.cost) for b, cost in pad_right.get(height, ())]
        if height in right:
            pairs += [(a, cost - a.cost, right[height], 0.0) for a, cost in pad_left.get(height, ())]
        for a, pad_a, b, pad_b in pairs:
            tomb = TOMBSTONE if _overlap(a.right_band, b.left_band) else 0.0
            _offer(table, height, Entry(a.cost + b.cost + pad_a + pad_b + tomb, Cut(True, a.node, b.node, w1),
                                        a.left_band, b.right_band))


def _padded(table: dict[int, Entry], width: int, lines: int, band) -> dict[int, list[tuple[Entry, float]]]:
    """For each height H: the cheapest entry of height ≤ H padded to H (and the cheapest whose
    band at the shared edge is empty), as (entry, cost with padding)."""
    out: dict[int, list[tuple[Entry, float]]] = {}
    best = free = None
    for height in range(1, lines + 1):
        if best is not None:
            best = (best[0], best[1] + PAD * width)
        if free is not None:
            free = (free[0], free[1] + PAD * width)
        entry = table.get(height)
        if entry is not None:
            if best is None or entry.cost <= best[1]:
                best = (entry, entry.cost)
            if band(entry) is None and (free is None or entry.cost <= free[1]):
                free = (entry, entry.cost)
        if best is not None:
            out[height] = [best] if free is None or free[0] is best[0] else [best, free]
    return out


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _place(node: Node, col: int, top: int, height: int, out: list[Placement]) -> None:
    """Lay out the tree in a box; a leaf in a taller box is padded at its foot."""
    if isinstance(node, Leaf):
        out.append(Placement(node.variant, col, top, height))
        return
    if node.vertical:
        width_first = node.first_size
        _place(node.first, col, top, height, out)
        _place(node.second, col + width_first, top, height, out)
        return
    _place(node.first, col, top, node.first_size, out)
    _place(node.second, col, top + node.first_size, height - node.first_size, out)

