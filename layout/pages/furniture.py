"""Page furniture: the masthead (报头) on page 1 and the page header (报眉) with folio elsewhere."""
from __future__ import annotations

import datetime as dt

from lunardate import LunarDate

from layout.boxes import RuleBox, TextBlock
from layout.models import Edition, PageSpec
from layout.pages.blocks import HeadPiece, Typesetter
from layout.pages.grid import EM_BASELINE

WEEKDAYS = "一二三四五六日"
DIGITS = "〇一二三四五六七八九"
STEMS, BRANCHES = "甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥"
LUNAR_MONTHS = ["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊"]


def date_line(date: dt.date) -> str:
    """GB/T 15835: Arabic numerals for the Gregorian date, 星期 in characters."""
    return f"{date.year}年{date.month}月{date.day}日 星期{WEEKDAYS[date.weekday()]}"


def lunar_line(date: dt.date) -> str:
    """农历 date in characters, e.g. 农历壬寅年三月初四."""
    lunar = LunarDate.from_solar_date(date.year, date.month, date.day)
    year = STEMS[(lunar.year - 4) % 10] + BRANCHES[(lunar.year - 4) % 12]
    month = ("闰" if lunar.is_leap_month else "") + LUNAR_MONTHS[lunar.month - 1] + "月"
    return f"农历{year}年{month}{_lunar_day(lunar.day)}"


def _lunar_day(day: int) -> str:
    if day <= 10:
        return "初" + ("十" if day == 10 else DIGITS[day])
    if day < 20:
        return "十" + DIGITS[day - 10]
    if day == 20:
        return "二十"
    if day < 30:
        return "廿" + DIGITS[day - 20]
    return "三十"


def _block(role: str, head: HeadPiece, x: float, baseline: float, w: float) -> TextBlock:
    baselines = tuple(baseline + i * head.line_height for i in range(len(head.lines)))
    top = baseline - EM_BASELINE * head.size
    return TextBlock(role, None, x, top, w, head.line_height * len(head.lines), head.lines,
                     baselines, (0.0,) * len(head.lines))


def masthead(ts: Typesetter, edition: Edition, pages: int, depth: int) -> tuple:
    """Boxes of the masthead across the top ``depth`` body lines of page 1 (rule included)."""
    grid = ts.grid
    x, y, w = grid.left, grid.top, grid.width
    h = (depth - 1) * grid.pitch
    title_size = ts.size("masthead")
    title = ts.head("masthead", edition.paper, w * 0.55, align="left")
    boxes: list = [_block("masthead", title, x, y + h / 2 + 0.38 * title_size, w * 0.55)]
    mh = edition.masthead
    issue = []
    if mh.issue_number is not None:
        issue.append(f"第{mh.issue_number}期")
    if mh.total_issue is not None:
        issue.append(f"总第{mh.total_issue}期")
    info = [date_line(edition.date), lunar_line(edition.date), " ".join(issue) or None,
            f"今日{pages}版", f"国内统一连续出版物号 {mh.cn_number}" if mh.cn_number else None,
            f"邮发代号 {mh.postal_code}" if mh.postal_code else None,
            f"{mh.publisher}主办" if mh.publisher else None]
    info = [t for t in info if t]
    info_w = w * 0.4
    size = ts.size("masthead_info")
    first_line = max(0, (depth - 1 - len(info)) // 2)  # info lines sit on the body grid
    for i, text in enumerate(info):
        head = ts.head("masthead_info", text, info_w, align="right")
        boxes.append(_block("masthead_info", head, x + w - info_w, grid.baseline(first_line + i, size), info_w))
    rule_y = y + h + grid.pitch / 2
    boxes.append(RuleBox(x, rule_y, x + w, rule_y, ts.styles.rules.masthead_pt, ts.color("red")))
    return tuple(boxes)


def page_header(ts: Typesetter, edition: Edition, page: PageSpec) -> tuple:
    """报眉 above the type area: folio and section at the outer edge, paper and date, 责任编辑."""
    grid = ts.grid
    x, w = grid.left, grid.width
    rule_y = grid.top - grid.pitch * 0.5
    baseline = rule_y - ts.size("page_header") * 0.4
    odd = page.number % 2 == 1
    folio = ts.head("folio", f"第{page.number}版", w / 3, align="right" if odd else "left")
    section = f"{page.section}" + (f"  责任编辑：{page.editor}" if page.editor else "")
    boxes = [_block("folio", folio, x if not odd else x + w * 2 / 3, baseline, w / 3)]
    side = ts.head("page_header", section, w / 3, align="left" if odd else "right")
    boxes.append(_block("page_header", side, x if odd else x + w * 2 / 3, baseline, w / 3))
    middle = ts.head("page_header", f"{edition.paper}  {date_line(edition.date)}", w / 3, align="center")
    boxes.append(_block("page_header", middle, x + w / 3, baseline, w / 3))
    boxes.append(RuleBox(x, rule_y, x + w, rule_y, ts.styles.rules.header_pt, ts.color("black")))
    return tuple(boxes)
