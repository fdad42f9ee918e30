"""Page composition checked on the placed boxes and on the written PDF (issue 4's hard checks)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from layout.boxes import ImageBox, TextBlock
from layout.build import build
from layout.cli import main
from layout.pages.grid import Grid

from conftest import SAMPLE, STYLES
from pdfchars import pdf_chars

HEAD_ROLES = {"kicker", "headline", "deck"}  # a boxed item's title is set off by its frame


def _head_blocks(module):
    return [b for b in module.boxes if isinstance(b, TextBlock) and b.role in HEAD_ROLES]


def _headline_size(module):
    sizes = [run.size for b in module.boxes if isinstance(b, TextBlock) and b.role == "headline"
             for line in b.lines for run in line.runs]
    return max(sizes, default=None)


def _overlap(a0, a1, b0, b1, eps=0.01):
    return a0 < b1 - eps and b0 < a1 - eps


def test_modules_inside_type_area_and_disjoint(sample_build):
    result, _, _ = sample_build
    for page in result.layout.pages:
        x, y, w, h = page.type_area
        for m in page.modules:
            assert x - 0.01 <= m.x and m.x + m.w <= x + w + 0.01, m.article_id
            assert y - 0.01 <= m.y and m.y + m.h <= y + h + 0.01, m.article_id
        for i, a in enumerate(page.modules):
            for b in page.modules[i + 1:]:
                assert not (_overlap(a.x, a.x + a.w, b.x, b.x + b.w) and _overlap(a.y, a.y + a.h, b.y, b.y + b.h)), \
                    f"page {page.number}: {a.article_id} overlaps {b.article_id}"


def test_no_text_outside_its_module(sample_build):
    """Every character in the PDF lies in a module or in the page furniture (header, masthead)."""
    result, _, styles = sample_build
    grid = Grid.from_styles(styles)
    b = grid.bleed
    for ch in pdf_chars(result.pdf):
        page = result.layout.pages[ch.page - 1]
        y = page.height + b - ch.y  # baseline in layout coordinates
        x = ch.x - b + (ch.size / 2 if ch.char in "（“‘《〈「『【〔" else 0)
        inside = [m for m in page.modules
                  if m.x - 0.5 <= x <= m.x + m.w + 0.5 and m.y - 0.5 <= y <= m.y + m.h + 0.5]
        furniture = y < grid.top or (page.number == 1 and y < grid.line_y(10))
        assert inside or furniture, f"page {ch.page}: {ch.char!r} at ({x:.1f}, {y:.1f}) is in no module"


def _content_rects(module):
    """What a module prints: its head area (module width, down to the first picture or leg),
    pictures, caption and leg blocks, the frame of a boxed item."""
    rects = []
    body = [b for b in module.boxes if isinstance(b, ImageBox) or (isinstance(b, TextBlock) and b.role == "body")]
    head_bottom = min((b.y for b in body), default=module.y + module.h)
    rects.append((module.x, module.y, module.w, head_bottom - module.y))
    for box in module.boxes:
        if isinstance(box, (ImageBox, TextBlock)):
            rects.append((box.x, box.y, box.w, box.h))
        elif type(box).__name__ == "FrameBox" and box.stroke is not None:
            rects.append((box.x, box.y, box.w, box.h))
    return rects


def test_blank_holes_under_two_percent(sample_build):
    """Cells of the grid (a column × a body line) that no module prints on, in runs of two
    lines or more, are under 2 % of each page's type area (the masthead band aside)."""
    result, _, styles = sample_build
    grid = Grid.from_styles(styles)
    for page in result.layout.pages:
        first = 10 if page.number == 1 else 0
        rects = [r for m in page.modules for r in _content_rects(m)]
        holes = 0
        for col in range(grid.columns):
            x0, x1 = grid.col_x(col), grid.col_x(col) + grid.column_w
            run = 0
            for line in range(first, grid.lines + 1):
                y0, y1 = grid.line_y(line) + 1, grid.line_y(line + 1) - 1
                if line < grid.lines and not any(_overlap(x0, x1, x, x + w) and _overlap(y0, y1, y, y + h)
                                                 for x, y, w, h in rects):
                    run += 1
                    continue
                if run >= 2:
                    holes += run
                run = 0
        area = grid.columns * (grid.lines - first)
        assert holes / area < 0.02, f"page {page.number}: {holes} blank cells ({holes / area:.1%})"


def test_no_tombstones(sample_build):
    result, _, _ = sample_build
    for page in result.layout.pages:
        for a in page.modules:
            for b in page.modules:
                if a is b or abs(a.x + a.w - b.x) > 20:  # b must be a's neighbour on the right
                    continue
                for ha in _head_blocks(a):
                    for hb in _head_blocks(b):
                        assert not _overlap(ha.y, ha.y + ha.h, hb.y, hb.y + hb.h), \
                            f"page {page.number}: heads of {a.article_id} and {b.article_id} side by side"


def test_lead_at_top_and_heads_smaller_down_the_page(sample_build):
    result, loaded, _ = sample_build
    for page, spec in zip(result.layout.pages, loaded.edition.pages):
        lead = next(m for m in page.modules if m.article_id == spec.articles[0])
        assert lead.top_line == min(m.top_line for m in page.modules), f"page {page.number}: lead not at top"
        for a in page.modules:
            for b in page.modules:
                size_a, size_b = _headline_size(a), _headline_size(b)
                if a is b or size_a is None or size_b is None:
                    continue
                below = b.y >= a.y + a.h - 0.01 and _overlap(a.x, a.x + a.w, b.x, b.x + b.w)
                if below:
                    assert size_b <= size_a, f"page {page.number}: {b.article_id} ({size_b} pt) below " \
                                             f"{a.article_id} ({size_a} pt) has the larger headline"


# ------------------------------------------------------------------ editions made for a test

@pytest.fixture
def edition_dir(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE.parent / "images", tmp_path / "images")
    return tmp_path


def _write(edition_dir: Path, change) -> Path:
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    change(data)
    path = edition_dir / "edition.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _article(data, art_id):
    return next(a for a in data["articles"] if a["id"] == art_id)


def forced_jump(data) -> None:
    """The sample changed so that the 清明 story is too long for page 1 and jumps to page 2."""
    long = _article(data, "qingming-culture-tourism")
    long["body"] = long["body"] + _article(data, "huangzuying-epidemic-dispatch")["body"] * 2
    data["pages"][1]["articles"] = ["zhualuoshi-interview", "jinxiang-beibei-promo"]
    data["pages"][0]["articles"] = ["wangjun-governance", "huangzuying-landslide", "qingming-culture-tourism"]
    data["articles"] = [a for a in data["articles"]
                        if a["id"] not in ("huangzuying-epidemic-dispatch", "longfengqiao-safety-inspection",
                                           "wenming-city-drive")]


def test_forced_jump_lands_with_both_jump_lines(edition_dir, tmp_path):
    result = build(_write(edition_dir, forced_jump), tmp_path / "jump.pdf", STYLES)
    assert [(j.article_id, j.from_page, j.to_page) for j in result.layout.jumps] == \
        [("qingming-culture-tourism", 1, 2)]
    text = {c.page: "" for c in pdf_chars(result.pdf)}
    for c in pdf_chars(result.pdf):
        text[c.page] += c.char
    assert "（下转第2版）" in text[1] and "（上接第1版）" in text[2]
    parts = [m for p in result.layout.pages for m in p.modules if m.article_id == "qingming-culture-tourism"]
    assert [m.part for m in parts] == [0, 1]
    # the jump-out line is the last line of the first part, flush right in its leg
    last_leg = [b for b in parts[0].boxes if isinstance(b, TextBlock) and b.role == "body"][-1]
    assert last_leg.lines[-1].text == "（下转第2版）"


def test_edition_that_cannot_fit_fails_clearly(edition_dir, tmp_path, capsys):
    def change(data):
        for art in data["articles"]:
            if art["id"] == "wenming-city-drive":
                art["body"] = art["body"] * 6
    path = _write(edition_dir, change)
    out = tmp_path / "never.pdf"
    status = main(["build", str(path), "-o", str(out), "--styles", str(STYLES)])
    err = capsys.readouterr().err
    assert status == 2 and not out.exists()
    assert "page 2" in err and "wenming-city-drive" in err
    assert re.search(r"about \d+ column-lines", err)


def test_pinned_position_is_kept_and_the_page_filled_around_it(edition_dir, tmp_path):
    def change(data):
        promo = _article(data, "jinxiang-beibei-promo")
        promo["span"] = 2
        promo["position"] = {"column": 5, "line": 0}
    result = build(_write(edition_dir, change), tmp_path / "pinned.pdf", STYLES)
    page = result.layout.pages[1]
    promo = next(m for m in page.modules if m.article_id == "jinxiang-beibei-promo")
    assert (promo.col, promo.top_line, promo.span) == (4, 0, 2)
    others = [m for m in page.modules if m is not promo]
    assert {m.article_id for m in others} == {"zhualuoshi-interview", "longfengqiao-safety-inspection",
                                             "wenming-city-drive"}
    for m in others:  # nothing overlaps the pinned module
        assert not (_overlap(m.x, m.x + m.w, promo.x, promo.x + promo.w)
                    and _overlap(m.y, m.y + m.h, promo.y, promo.y + promo.h))
