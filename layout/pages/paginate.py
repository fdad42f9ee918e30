"""compose_edition(): the articles of each page → modules on the grid, with automatic jumps.

Placement (basic, to be refined): articles go in page order (most important first) to the
lowest free position of the column skyline for their span; an article that does not fit is
split at a line boundary, ends with （下转第N版） and continues on page N under a smaller
repeat of its headline with （上接第M版）. Page numbers come from where the parts land.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from layout.boxes import EditionLayout, Jump, Module, Page, RuleBox
from layout.errors import Diagnostic, FitError
from layout.fonts import FontSet
from layout.models import Article, LoadedEdition, Stylesheet
from layout.pages import furniture
from layout.pages.blocks import BodyLine, Measured, Typesetter, measure_article
from layout.pages.grid import Grid
from layout.pages.modules import Slot, build_module, jump_line

MASTHEAD_LINES = 10
MIN_SPLIT_LINES = 3


@dataclass(frozen=True, slots=True)
class Continuation:
    article: Article
    from_page: int
    body: tuple[BodyLine, ...]
    rank: int


@dataclass
class PageState:
    number: int
    skyline: list[int]
    modules: list[Module] = field(default_factory=list)
    rules: list[RuleBox] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class LayoutResult:
    layout: EditionLayout
    diagnostics: tuple[Diagnostic, ...]


def compose_edition(loaded: LoadedEdition, styles: Stylesheet, fonts: FontSet) -> LayoutResult:
    edition = loaded.edition
    grid = Grid.from_styles(styles)
    ts = Typesetter(styles, fonts, grid)
    pending: dict[int, list[Continuation]] = {}
    pages: list[Page] = []
    jumps: list[Jump] = []
    diagnostics: list[Diagnostic] = []
    for spec in edition.pages:
        start = MASTHEAD_LINES if spec.number == 1 else 0
        state = PageState(spec.number, [start] * grid.columns)
        for rank, art_id in enumerate(spec.articles, start=1):
            article = edition.article(art_id)
            measured = _fitting_shape(ts, state, article, rank, loaded.image_paths)
            _place(ts, state, measured, measured.body, article, rank, pending, jumps, part=0,
                   page_count=len(edition.pages))
        for cont in pending.pop(spec.number, []):
            jump_in = jump_line(ts, f"（上接第{cont.from_page}版）", "left")
            measured = _fitting_shape(ts, state, cont.article, cont.rank, loaded.image_paths,
                                      continuation=(cont.from_page, len(cont.body) + 1))
            _place(ts, state, measured, (jump_in,) + cont.body, cont.article, cont.rank, pending,
                   jumps, part=1, page_count=len(edition.pages))
        furniture_boxes = (furniture.masthead(ts, edition, len(edition.pages), MASTHEAD_LINES)
                           if spec.number == 1 else furniture.page_header(ts, edition, spec))
        empty = sum(grid.lines - h for h in state.skyline)
        if empty > grid.columns * 2:
            diagnostics.append(Diagnostic("warning", f"{empty} column-lines are empty",
                                          where=f"page {spec.number}",
                                          hint="add a brief or enlarge an image"))
        pages.append(Page(spec.number, grid.page_w, grid.page_h, grid.bleed,
                          (grid.left, grid.top, grid.width, grid.height), tuple(state.modules),
                          furniture_boxes + tuple(state.rules)))
    if pending:
        page = min(pending)
        raise FitError(f"continuation for page {page} has no page to go to",
                       where=pending[page][0].article.id, hint="add the page or change jump_to")
    title = f"{edition.paper} {edition.date.isoformat()}"
    return LayoutResult(EditionLayout(title, tuple(pages), tuple(jumps)), tuple(diagnostics))


def _span(styles: Stylesheet, article: Article, rank: int, grid: Grid) -> int:
    span = article.span or styles.ladder_step(rank).span
    return max(1, min(grid.columns, span))


def _fitting_shape(ts: Typesetter, state: PageState, article: Article, rank: int,
                   image_files: dict[str, Path], continuation: tuple[int, int] | None = None) -> Measured:
    """Of the spans whose module fits the page whole, the one nearest the ladder's span (ties:
    the one whose bottom is highest); the ladder's span (which will jump) if none fits.
    A pinned span is kept as it is."""
    default = _span(ts.styles, article, rank, ts.grid)
    spans = [default] if article.span else sorted(range(2, ts.grid.columns + 1),
                                                   key=lambda s: (abs(s - default), -s))
    best, best_key, first = None, None, None
    for span in spans:
        measured = measure_article(ts, article, span, rank, image_files,
                                   continuation_of=continuation[0] if continuation else None)
        first = first or measured
        _, top = _lowest(state.skyline, span)
        legs = 1 if article.kind == "promo" else span
        if continuation:
            depth = measured.head_depth + -(-continuation[1] // legs)
        else:
            depth = article.depth or measured.depth(legs)
        bottom = top + depth
        key = (abs(span - default), bottom)
        if bottom <= ts.grid.lines and (best_key is None or key < best_key):
            best, best_key = measured, key
    return best or first


def _lowest(skyline: list[int], span: int) -> tuple[int, int]:
    best = None
    for col in range(len(skyline) - span + 1):
        top = max(skyline[col:col + span])
        if best is None or top < best[1]:
            best = (col, top)
    return best


def _place(ts: Typesetter, state: PageState, m: Measured, body: tuple[BodyLine, ...],
           article: Article, rank: int, pending, jumps, *, part: int, page_count: int) -> None:
    grid = ts.grid
    legs = 1 if article.kind == "promo" else m.span
    col, top = _lowest(state.skyline, m.span)
    avail = grid.lines - top
    if part == 0 and article.depth:
        avail = min(avail, article.depth)
    fixed = m.head_depth + m.image_depth
    leg_depth = -(-len(body) // legs) if body else 0
    if fixed + leg_depth <= avail:
        depth = fixed + leg_depth + (1 if article.kind == "promo" else 0)
    else:
        target = article.jump_to if part == 0 and article.jump_to else state.number + 1
        leg_depth = avail - fixed
        room = leg_depth * legs - 1
        if target > page_count or room < MIN_SPLIT_LINES or len(body) - room < MIN_SPLIT_LINES \
                or article.kind == "promo":
            needed = fixed + -(-len(body) // legs)
            raise FitError(f"article does not fit on page {state.number}: needs "
                           f"{needed} lines in {m.span} columns, {avail} are free "
                           f"({needed - avail} over, about {(needed - avail) * legs * ts.grid.column_w / ts.grid.body_size:.0f} characters)",
                           where=article.id, hint="shorten it, give it jump_to, or move it to another page")
        jump_out = jump_line(ts, f"（下转第{target}版）", "right")
        body, rest = body[:room] + (jump_out,), body[room:]
        pending.setdefault(target, []).append(Continuation(article, state.number, rest, rank))
        chars = sum(len(bl.line.text) for bl in body[:-1] if bl.role != "jump_line")
        jumps.append(Jump(article.id, state.number, target, chars))
        depth = avail
    gap = 1 if top + depth < grid.lines else 0
    slot = Slot(col, m.span, top, depth)
    state.modules.append(build_module(ts, m, slot, body, leg_depth, part))
    for c in range(col, col + m.span):
        state.skyline[c] = top + depth + gap
    _rules(ts, state, slot, gap)


def _rules(ts: Typesetter, state: PageState, slot: Slot, gap: int) -> None:
    grid = ts.grid
    weight, color = ts.styles.rules.module_pt, ts.color("black")
    x, w = grid.col_x(slot.col), grid.span_w(slot.span)
    bottom = grid.line_y(slot.top + slot.depth)
    if gap:
        y = bottom + grid.pitch / 2
        state.rules.append(RuleBox(x, y, x + w, y, weight, color))
    if slot.col + slot.span < grid.columns:
        rx = x + w + grid.gutter / 2
        state.rules.append(RuleBox(rx, grid.line_y(slot.top), rx, bottom, weight, color))
