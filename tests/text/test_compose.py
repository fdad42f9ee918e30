"""The text composer against clreq's rules, on the project's own body font."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from layout.text import Span, compose_paragraph
from layout import clreq

SIZE = 10.0
MEASURE = 12 * SIZE


@pytest.fixture(scope="module")
def song(fonts):
    return fonts["song"]


def lines_of(font, text, measure=MEASURE, indent=0.0, align="justify"):
    return compose_paragraph((Span(text, font, SIZE),), measure, indent=indent, align=align)


def test_no_line_starts_with_closing_or_pause(song):
    text = "一二三四五六七八九十一二，三四五六七八九十一二三四五六。七八九十"
    lines = lines_of(song, text)
    for line in lines[1:]:
        assert line.text[0] not in clreq.NO_LINE_START_BASIC


def test_squeeze_before_push(song):
    # the line is full before the second comma; compressing the first comma by ½ em and
    # setting the line-end comma ½ em takes it in (先挤进) instead of pushing 一 down
    text = "一二三四五，六七八九十一，二三四五"
    lines = lines_of(song, text)
    assert lines[0].text == "一二三四五，六七八九十一，"
    assert lines[0].width == pytest.approx(MEASURE, abs=0.01)


def test_push_when_nothing_can_be_squeezed(song):
    # twelve hanzi fill the line; the comma cannot start the next one and nothing on the
    # line can shrink, so a hanzi is pushed down with it (后推出) and the line spread evenly
    text = "一二三四五六七八九十一二，三四五"
    lines = lines_of(song, text)
    assert lines[0].text == "一二三四五六七八九十一"
    assert lines[1].text.startswith("二，")
    assert lines[0].width == pytest.approx(MEASURE, abs=0.01)


def test_opening_bracket_never_ends_a_line(song):
    text = "一二三四五六七八九十一“二三四五六”七八九十一二三四五"
    for line in lines_of(song, text)[:-1]:
        assert line.text[-1] not in clreq.NO_LINE_END


def test_line_end_mark_is_half_em(song):
    lines = lines_of(song, "一二三四五六七八九十一。二三四五六七八九十一二三")
    first = lines[0]
    assert first.text.endswith("。")
    assert first.width == pytest.approx(MEASURE, abs=0.01)


def test_adjacent_marks_total_one_and_a_half_em(song):
    lines = lines_of(song, "一二。”三四", measure=40 * SIZE, align="left")
    assert lines[0].width == pytest.approx(5.5 * SIZE, abs=0.01)


def test_han_latin_space_quarter_em(song):
    lines = lines_of(song, "共有156家", measure=40 * SIZE, align="left")
    digits = song.text_width("156") * SIZE
    assert lines[0].width == pytest.approx(3 * SIZE + digits + 0.5 * SIZE, abs=0.01)


def test_numbers_and_dashes_not_split(song):
    text = "一二三四五六七八九十一2022年——一二三四五六七八九十……一二三四五六七八"
    lines = lines_of(song, text)
    for line in lines:
        assert not line.text.startswith(("022", "22", "2年", "—", "…"))
    assert "2022" in "|".join(l.text for l in lines).replace("|", "") and \
        any("2022" in l.text for l in lines)


def test_no_runt_last_line(song):
    text = "一二三四五六七八九十一二三四五六七八九十一二三四五。"
    lines = lines_of(song, text)
    last = lines[-1].text.rstrip("。，、；：！？”）")
    assert len(last) >= 2


def test_first_line_indent(song):
    lines = lines_of(song, "一二三四五六七八九十一二三四五六七八九十", indent=2 * SIZE)
    assert lines[0].runs[0].x == pytest.approx(2 * SIZE)
    assert len(lines[0].text) == 10


ALPHABET = st.sampled_from(list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所")
                           + list("，。、；：？！“”（）《》—…·") + list("0123456789") + list("abcXYZ "))


@settings(max_examples=150, deadline=None)
@given(st.text(ALPHABET, min_size=1, max_size=160))
def test_properties_random_text(fonts, text):
    song = fonts["song"]
    lines = compose_paragraph((Span(text, song, SIZE),), MEASURE)
    joined = "".join(line.text for line in lines)
    assert joined.replace(" ", "") == text.replace(" ", "").strip()
    start_prohibited = clreq.no_line_start("basic")
    for n, line in enumerate(lines):
        assert line.width <= MEASURE + 0.01 or len(line.runs) == 1
        if n > 0:
            assert line.text[0] not in start_prohibited or lines[n - 1].text[-1:] in "—…"
        if not line.last:
            assert line.text[-1] not in clreq.NO_LINE_END
            assert line.width == pytest.approx(MEASURE, abs=0.01), f"short line {line.text!r}"


def test_strict_level_keeps_dashes_off_line_starts(song):
    from layout.text import Spacing

    text = "一二三四五六七八九十一——二三四五六七八九十一二三四五六七八九十……一二三四五六七八"
    for level in ("gb", "strict"):
        lines = compose_paragraph((Span(text, song, SIZE),), MEASURE, spacing=Spacing(kinsoku=level))
        starts = [line.text[0] for line in lines[1:]]
        if level == "strict":
            assert "—" not in starts and "…" not in starts
        assert all("—" not in l.text or "——" in l.text for l in lines)  # never split


def test_gb_level_keeps_solidus_off_line_ends(song):
    from layout.text import Spacing

    text = "一二三四五六七八九十／一二三四五六七八九十"
    lines = compose_paragraph((Span(text, song, SIZE),), MEASURE, spacing=Spacing(kinsoku="gb"))
    assert all(not line.text.endswith("／") for line in lines[:-1])


@pytest.mark.parametrize("scheme, width_em", [("quanjiao", 5.0), ("kaiming", 4.5), ("banjiao", 4.0)])
def test_punctuation_schemes(song, scheme, width_em):
    from layout.text import Spacing

    # 一。二，三 on one line: 全角 sets both marks 1 em, 开明 keeps 。 full and halves ，,
    # 半角 halves both
    lines = compose_paragraph((Span("一。二，三", song, SIZE),), 40 * SIZE, align="left",
                              spacing=Spacing(punctuation=scheme))
    assert lines[0].width == pytest.approx(width_em * SIZE, abs=0.01)


def test_opening_bracket_at_line_start_loses_its_blank_half(song):
    lines = lines_of(song, "（一二三）", measure=40 * SIZE, align="left")
    assert lines[0].runs[0].x == pytest.approx(-SIZE / 2)
    assert lines[0].width == pytest.approx(4.0 * SIZE, abs=0.01)  # （½ + 三字 + ）½ at the end


def test_proportional_quotes_are_not_compressed(fonts):
    kai = fonts["kai"]
    quote = kai.advance("”") * SIZE
    assert quote < 0.5 * SIZE  # LXGW WenKai's quotes are proportional glyphs
    lines = compose_paragraph((Span("一二“三”", kai, SIZE),), 40 * SIZE, align="left")
    assert lines[0].width == pytest.approx(3 * SIZE + 2 * quote, abs=0.01)


def test_long_url_breaks_at_a_safe_point(song):
    url = "https://www.example.com/news/2022/04/04/beibei-culture-tourism-report.html"
    lines = lines_of(song, "详见" + url + "。")
    joined = "".join(l.text for l in lines)
    assert joined == "详见" + url + "。"
    for line in lines[:-1]:
        assert line.width == pytest.approx(MEASURE, abs=0.01)
    # the breaks inside the URL come after / . - (cheap), not in the middle of a word
    assert all(l.text[-1] in "/.-_?&=#:@" or not l.text[-1].isascii() for l in lines[:-1])


def test_no_han_latin_space_at_line_edges(song):
    lines = lines_of(song, "2022年", measure=40 * SIZE, align="left")
    digits = song.text_width("2022") * SIZE
    assert lines[0].runs[0].x == 0.0
    assert lines[0].width == pytest.approx(digits + 0.25 * SIZE + SIZE, abs=0.01)


def test_question_exclamation_pair_not_split(song):
    text = "一二三四五六七八九十一？！二三"
    for line in lines_of(song, text)[1:]:
        assert not line.text.startswith("！")


def test_stretch_goes_to_han_latin_space_before_hanzi_gaps(song):
    # a full line short by a little: the ¼ em Han–Latin spaces grow (up to ½ em) before any
    # gap between hanzi opens (clreq §3.4 stretch order)
    text = "一二三四五2022六七八九十一二三四五六七八九十"
    lines = lines_of(song, text)
    first = lines[0]
    assert first.width == pytest.approx(MEASURE, abs=0.01)
    han_runs = [run for run in first.runs if not run.text.isascii()]
    digits = song.text_width("2022") * SIZE
    short = MEASURE - (len(first.text) - 4) * SIZE - digits - 0.5 * SIZE  # before any stretch
    assert 0 < short <= 0.5 * SIZE  # the two Han–Latin spaces can take it all
    assert all(run.char_space == 0 for run in han_runs)
    assert first.runs[1].x - first.runs[0].x - 5 * SIZE == pytest.approx(0.25 * SIZE + short / 2, abs=0.01)


def test_western_word_spaces_are_the_fonts(song):
    lines = lines_of(song, "Hello world", measure=40 * SIZE, align="left")
    assert lines[0].width == pytest.approx(song.text_width("Hello world") * SIZE, abs=0.01)


def test_double_dash_is_one_unbroken_two_em_rule(song):
    lines = lines_of(song, "一二——三四", measure=40 * SIZE, align="left")
    dash = next(run for run in lines[0].runs if run.text == "——")
    left, right = song.dash_bearings
    assert left > 0 and right > 0  # the font's dash has blank on both sides of its ink
    step = dash.hscale * SIZE + dash.char_space  # from one dash's origin to the next
    # the inks meet: the second dash's ink starts where the first one's ends
    assert step + left * dash.hscale * SIZE == pytest.approx((1 - right) * dash.hscale * SIZE)
    # and the pair still ends on its 2-em advance, where the next character starts
    assert dash.x + step + dash.hscale * SIZE == pytest.approx(dash.x + 2 * SIZE)
    assert lines[0].runs[-1].x == pytest.approx(dash.x + 2 * SIZE)


def test_unbreakable_chain_wider_than_the_measure(song):
    # thirty opening brackets (adjacent ones are ½ em each) may not be parted and are wider than
    # a 12-em line: the break goes where the rules allow least harm and is marked forced,
    # rather than running out of the column
    text = "一二三" + "（" * 30 + "四五六"
    lines = lines_of(song, text)
    assert "".join(l.text for l in lines) == text
    assert all(l.width <= MEASURE + 0.01 for l in lines)
    assert any(l.forced for l in lines)
    # ordinary text never needs it
    assert not any(l.forced for l in lines_of(song, "一二三四五六七八九十，（一二三四五）六七八九十。" * 3))
