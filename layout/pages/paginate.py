"""compose_edition(): the articles of each page → modules on the grid, with automatic jumps.

For each page: every article (and every continuation jumping to this page) offers module
variants — each span, its natural depth, a few flexible lines, and for a jumpable article
cut-short variants; ``packer.pack`` chooses the guillotine layout that fills the page; the
chosen variants become modules. An article cut short ends with （下转第N版） and continues on
page N under a smaller repeat of its headline with （上接第M版）; page numbers come from where
the parts land. A page that cannot hold its articles even with jumps is a FitError naming
the articles and the lines over.
"""
from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

from layout.boxes import EditionLayout, Jump, Module, Page, RuleBox
from layout.errors import Diagnostic, FitError
from layout.fonts import FontSet
from layout.models import Article, LoadedEdition, Stylesheet
from layout.pages import furniture
from layout.pages.blocks import BodyLine, Measured, Typesetter, grow, image_flex, measure_article
from layout.pages.grid import Grid
from layout.pages.modules import Slot, build_module, jump_line
from layout.pages.packer import Placement, Variant, pack

MASTHEAD_LINES = 10
JUMP_COST = 80.0          # a jump costs readers: use one only when it saves more than it costs
SPAN_COST = 6.0           # per column away from the ladder's span for the article's rank
FLEX_COST = (1.0, 4.0)    # per flexible line × column: image growth, space around heads
HEAD_WIDOW = 150.0        # a head whose last line is one or two characters

# Composed pages by everything they are made from, for later builds in the same process
# (`layout watch`): after an edit only the pages whose articles, continuations, pictures or
# styles changed are packed again. Boxes are immutable, so a page is shared, never copied.
_PAGES: OrderedDict[tuple, tuple] = OrderedDict()
_PAGES_KEPT = 256


@dataclass(frozen=True, slots=True)
class Item:
    """Something to place on a page: an article, or the continuation of one."""

    article: Article
    rank: int
    from_page: int | None = None              # set for a continuation
    body: tuple[BodyLine, ...] | None = None  # a continuation's remaining lines (at column measure)
    jump_to: int | None = None                # page the rest goes to if this item is cut short


@dataclass(frozen=True, slots=True)
class LayoutResult:
    layout: EditionLayout
    diagnostics: tuple[Diagnostic, ...]


def compose_edition(loaded: LoadedEdition, styles: Stylesheet, fonts: FontSet) -> LayoutResult:
    edition = loaded.edition
    grid = Grid.from_styles(styles)
    ts = Typesetter(styles, fonts, grid)
    pending: dict[int, list[Item]] = {}
    pages: list[Page] = []
    jumps: list[Jump] = []
    diagnostics: list[Diagnostic] = []
    last_page = len(edition.pages)
    design = _design_key(styles, fonts)
    for spec in edition.pages:
        items = [Item(edition.article(art_id), rank, jump_to=_jump_target(edition.article(art_id), spec.number, last_page))
                 for rank, art_id in enumerate(spec.articles, start=1)]
        items += pending.pop(spec.number, [])
        top = MASTHEAD_LINES if spec.number == 1 else 0
        modules, rules, page_jumps, short = _cached_page(ts, design, items, spec.number, top, loaded.image_paths,
                                                         pending)
        jumps += page_jumps
        if short > 0:
            diagnostics.append(Diagnostic("warning", f"about {short:.0f} lines (across the page) are left blank",
                                          where=f"page {spec.number}",
                                          hint="add a brief or a picture, or let an article run longer"))
        furniture_boxes = (furniture.masthead(ts, edition, last_page, MASTHEAD_LINES)
                           if spec.number == 1 else furniture.page_header(ts, edition, spec))
        pages.append(Page(spec.number, grid.page_w, grid.page_h, grid.bleed,
                          (grid.left, grid.top, grid.width, grid.height), tuple(modules),
                          furniture_boxes + tuple(rules), grid.line_y(top)))
    if edition.masthead.placeholders:
        diagnostics.append(Diagnostic("note", "these values are placeholders: "
                                      + ", ".join(edition.masthead.placeholders),
                                      where="masthead", hint="fill in the real values before printing"))
    if pending:
        page = min(pending)
        raise FitError(f"a continuation is due on page {page}, which the edition does not have",
                       where=pending[page][0].article.id, hint="add the page or change jump_to")
    title = f"{edition.paper} {edition.date.isoformat()}"
    return LayoutResult(EditionLayout(title, tuple(pages), tuple(jumps)), tuple(diagnostics))


def _jump_target(article: Article, page: int, last_page: int) -> int | None:
    if article.jump_to:
        return article.jump_to
    return page + 1 if page < last_page else None


def _design_key(styles: Stylesheet, fonts: FontSet) -> tuple:
    """What a page's look depends on besides its items: the styles and the font files (a
    changed font file restarts `layout watch`; the registry keeps one face per file anyway)."""
    return (hashlib.sha1(styles.model_dump_json().encode()).hexdigest(),
            tuple(sorted((key, str(path)) for key, path in fonts.files.items())))


def _cached_page(ts: Typesetter, design: tuple, items: list[Item], number: int, top: int,
                 image_files: dict[str, Path], pending: dict[int, list[Item]]):
    """_compose_page, or the same page from an earlier build of this process when nothing it
    is made from changed: its items (articles and continuations, by value), its number and
    top, the design, and the pictures' files (path, size, mtime)."""
    pictures = []
    for item in items:
        for image in item.article.images:
            file = image_files.get(image.path)
            try:
                st = os.stat(file) if file is not None else None
            except OSError:
                st = None
            pictures.append((image.path, str(file), st and (st.st_size, st.st_mtime_ns, st.st_ino)))
    key = (design, number, top, tuple(items), tuple(pictures))
    kept = _PAGES.get(key)
    if kept is None:
        onward: dict[int, list[Item]] = {}  # continuations this page sends on, replayed on a hit
        page = _compose_page(ts, items, number, top, image_files, onward)
        kept = _PAGES[key] = (page, {n: tuple(more) for n, more in onward.items()})
        if len(_PAGES) > _PAGES_KEPT:
            _PAGES.popitem(last=False)
    else:
        _PAGES.move_to_end(key)
    page, onward = kept
    for n, more in onward.items():
        pending.setdefault(n, []).extend(more)
    return page


def _compose_page(ts: Typesetter, items: list[Item], number: int, top: int,
                  image_files: dict[str, Path], pending: dict[int, list[Item]]):
    grid = ts.grid
    lines = grid.lines - top + 1  # every module owns the gap line below it; the last one is virtual
    measured: dict[tuple[int, int, float], Measured] = {}
    variants = [_variants(ts, item, k, lines, measured, image_files) for k, item in enumerate(items)]
    result = _pack_page(items, variants, grid.columns, lines, number)
    if result is None:
        raise _overfull(ts, items, measured, number, lines, image_files)
    _, placements, short = result
    modules: list[Module] = []
    rules: list[RuleBox] = []
    jumps: list[Jump] = []
    for placement in sorted(placements, key=lambda p: (p.top, p.col)):
        item = items[placement.variant.index]
        module, jump, blank = _module(ts, item, placement, measured, top, number, pending)
        modules.append(module)
        short += blank * placement.variant.span / grid.columns
        rules += _rules(ts, placement, top, lines)
        if jump:
            jumps.append(jump)
    return modules, rules, jumps, short


def _measure(ts, item: Item, k: int, span: int, measured, image_files, scale: float = 1.0) -> Measured:
    key = (k, span, scale)
    if key not in measured:
        measured[key] = measure_article(ts, item.article, span, item.rank, image_files,
                                        continuation_of=item.from_page, head_scale=scale)
    return measured[key]


def _scales(ts: Typesetter, item: Item) -> list[float]:
    """Headline sizes to try: the ladder's, then larger steps up to the styles' bound."""
    if item.from_page is not None or not item.article.headline or item.article.kind == "promo":
        return [1.0]
    grow_to = ts.styles.modules.headline_grow
    return [1.0] + [s for s in (1.2, 1.4, 1.6, 1.8, 2.0) if s <= grow_to + 1e-9]


def _pack_page(items: list[Item], variants: list[list[Variant]], columns: int, lines: int, number: int):
    """Pack the page; a module pinned to a position is placed first and the rest is packed into
    the rectangles around it (left of it, above it, below it, right of it), in that order."""
    pinned = [k for k, item in enumerate(items) if item.from_page is None and item.article.position]
    if not pinned:
        return pack(variants, columns, lines)
    if len(pinned) > 1:
        ids = ", ".join(items[k].article.id for k in pinned)
        raise FitError(f"more than one article is pinned to a position ({ids})", where=f"page {number}",
                       hint="pin one position per page; give the others a span instead")
    k = pinned[0]
    article = items[k].article
    col, line = article.position.column - 1, article.position.line
    fixed = [v for v in variants[k] if v.extra == 0 and v.head_scale == 1.0
             and (not article.span or v.span == article.span)]
    fits = [v for v in fixed if col + v.span <= columns and line + v.height <= lines]
    if not fits:
        raise FitError(f"the module pinned at column {col + 1}, line {line} does not fit the page",
                       where=article.id, hint="move the pin up or left, or pin a smaller span")
    pin = min(fits, key=lambda v: (v.cost, v.jumps))
    regions = [(0, col, 0, lines), (col, pin.span, 0, line),
               (col, pin.span, line + pin.height, lines - line - pin.height),
               (col + pin.span, columns - col - pin.span, 0, lines)]
    rest = [vs for j, vs in enumerate(variants) if j != k]
    packed: dict[tuple[int, int, int], tuple | None] = {}   # (first item, end, region) → pack's result
    best = None
    for cuts in _splits(len(rest), len(regions)):
        total, placements = 0.0, [Placement(pin, col, line, pin.height)]
        for region, ((c0, w, l0, h), (a, b)) in enumerate(zip(regions, zip(cuts, cuts[1:]))):
            if w <= 0 or h <= 0:
                if a != b:
                    break
                continue
            if (a, b, region) not in packed:   # the same run of items in the same region recurs in many splits
                packed[(a, b, region)] = pack(rest[a:b], w, h)
            result = packed[(a, b, region)]
            if result is None:
                break
            total += result[0]
            placements += [Placement(p.variant, p.col + c0, p.top + l0, p.height) for p in result[1]]
        else:
            if best is None or total < best[0]:
                best = (total, placements)
    if best is None:
        return None
    cells = sum(p.height * p.variant.span for p in best[1])
    return best[0], best[1], max(0, lines - cells // columns)


def _splits(n: int, parts: int):
    """Ways to cut the sequence 0..n into ``parts`` contiguous runs: tuples of parts+1 cut points."""
    if parts == 1:
        yield (0, n)
        return
    for first in range(n + 1):
        for rest in _splits(n - first, parts - 1):
            yield (0,) + tuple(first + r for r in rest)


def _variants(ts: Typesetter, item: Item, k: int, lines: int, measured, image_files) -> list[Variant]:
    grid, rules = ts.grid, ts.styles.modules
    article = item.article
    ladder = min(grid.columns, article.span or ts.styles.ladder_step(item.rank).span)
    spans = [article.span] if article.span else list(range(1 if article.kind == "promo" else 2, grid.columns + 1))
    out: list[Variant] = []
    for span, scale in ((s, c) for s in spans for c in _scales(ts, item)):  # pins are checked on load
        legs = 1 if article.kind == "promo" else span
        if item.body is not None:
            body = len(item.body) + 1
        elif article.kind == "promo":  # a boxed item's text is set at the module's width
            body = len(_measure(ts, item, k, span, measured, image_files, scale).body)
        else:  # at the column measure whatever the span: no need to set the heads to count it
            body = len(ts.column_body(article))
        leg = -(-body // legs)
        if not article.span and (leg > rules.max_leg_lines
                                 or (leg < rules.min_leg_lines and legs > 1 and span > spans[0])):
            continue  # tall and thin, or short legs side by side where a narrower module would do
        m = _measure(ts, item, k, span, measured, image_files, scale)
        if any(line.width > line.measure + 0.01 for line in _head_lines(m)):
            continue  # a head that cannot be set within the module's width
        fixed = m.head_depth + m.image_depth + (1 if article.kind == "promo" else 0)
        # a column label alone is no headline; a boxed item's title is set off by its frame
        band = (0, m.head_depth) if m.heads and article.kind != "promo" else None
        base = (SPAN_COST * abs(span - ladder) + (50.0 if len(_head_lines(m)) > 3 else 0.0)
                + 10.0 * (scale - 1.0) * span + HEAD_WIDOW * _head_widows(m))
        flex_image = image_flex(m)
        head_space = _head_space(ts, article)
        flex = flex_image + head_space
        whole = fixed + leg + 1
        if not (article.depth and item.from_page is None):
            for extra in range(flex + 1):
                per_line = FLEX_COST[0] if extra <= flex_image else FLEX_COST[1]
                out.append(Variant(k, span, whole + extra, base + extra * span * per_line, band, extra, body,
                                   head_scale=scale))
        if item.jump_to and item.from_page is None and scale == 1.0:
            cost = base + (JUMP_COST if article.jump_to else 5 * JUMP_COST)  # unasked-for jumps cost more
            out += _jump_variants(k, span, legs, fixed, body, cost, band, item, rules.min_jump_lines, lines)
    return out


def _jump_variants(k, span, legs, fixed, body, cost, band, item: Item, min_lines, lines) -> list[Variant]:
    out = []
    depth_pin = item.article.depth
    for leg in range(1, lines):
        first = leg * legs - 1  # body lines before the jump line, legs full
        if first < min_lines or body - first < min_lines:
            continue
        height = fixed + leg + 1
        if depth_pin and height - 1 != depth_pin:
            continue
        if height > lines:
            break
        out.append(Variant(k, span, height, cost, band, 0, first, jumps=True))
    return out


def _head_space(ts: Typesetter, article: Article) -> int:
    """Lines a module may add around its heads; a boxed item grows freely inside its frame."""
    return ts.grid.lines if article.kind == "promo" else ts.styles.modules.head_space_lines


def _head_widows(m: Measured) -> int:
    """Heads whose last line holds two characters or fewer (单字不占行: a head so broken reads badly)."""
    return sum(1 for head in m.heads if len(head.lines) > 1 and len(head.lines[-1].text.strip()) <= 2)


def _head_lines(m: Measured):
    return [line for head in m.heads for line in head.lines]


def _module(ts: Typesetter, item: Item, placement: Placement, measured, top: int, number: int,
            pending: dict[int, list[Item]]) -> tuple[Module, Jump | None, int]:
    variant = placement.variant
    m = measured[(variant.index, variant.span, variant.head_scale)]
    legs = 1 if item.article.kind == "promo" else variant.span
    depth = placement.height - 1
    extra = variant.extra + placement.height - variant.height
    if item.article.kind == "promo":  # a boxed item: its frame fills the slot, the content centred in it
        m, blank = replace(m, head_depth=m.head_depth + extra // 2), 0
    else:
        m, blank = grow(ts, m, extra, ts.styles.modules.head_space_lines)
    jump = None
    if item.body is not None:
        body = (jump_line(ts, f"（上接第{item.from_page}版）", "left"),) + item.body
    else:
        body = m.body
    if variant.jumps:
        target = item.jump_to
        first, rest = body[:variant.body_lines], body[variant.body_lines:]
        body = first + (jump_line(ts, f"（下转第{target}版）", "right"),)
        pending.setdefault(target, []).append(Item(item.article, item.rank, number, rest))
        jump = Jump(item.article.id, number, target, sum(len(bl.line.text) for bl in first))
    leg_depth = -(-len(body) // legs)  # balanced legs; the last is short when lines do not divide (clreq §4.1.4)
    slot = Slot(placement.col, variant.span, top + placement.top, depth)
    return build_module(ts, m, slot, body, leg_depth, 0 if item.from_page is None else 1), jump, blank


def _rules(ts: Typesetter, placement: Placement, top: int, lines: int) -> list[RuleBox]:
    """A rule in the gap line under a module, and one in the gutter to its right."""
    grid = ts.grid
    weight, color = ts.styles.rules.module_pt, ts.color("black")
    x, w = grid.col_x(placement.col), grid.span_w(placement.variant.span)
    first = top + placement.top
    bottom = grid.line_y(first + placement.height - 1)
    out = []
    if placement.top + placement.height < lines:
        y = bottom + grid.pitch / 2
        out.append(RuleBox(x, y, x + w, y, weight, color))
    if placement.col + placement.variant.span < grid.columns:
        rx = x + w + grid.gutter / 2
        out.append(RuleBox(rx, grid.line_y(first), rx, bottom, weight, color))
    return out


def _overfull(ts: Typesetter, items: list[Item], measured, number: int, lines: int, image_files) -> FitError:
    grid = ts.grid
    need = 0
    for k, item in enumerate(items):
        m = _measure(ts, item, k, item.article.span or grid.columns, measured, image_files)  # full width if free
        body = len(item.body) + 1 if item.body is not None else len(m.body)
        need += (m.head_depth + m.image_depth + 1) * grid.columns + body
    over = max(1, need - lines * grid.columns)
    ids = ", ".join(item.article.id + ("（续）" if item.from_page else "") for item in items)
    chars = over * ts.styles.grid.column_chars
    return FitError(f"the page cannot hold its articles ({ids}): about {over} column-lines "
                    f"(≈{chars} characters) over, even with jumps",
                    where=f"page {number}",
                    hint="cut text, move an article to another page, or give one jump_to a page with room")
