"""Random edition files: the build either succeeds or fails with an input error; on success every
character of the input is in the PDF in order and no line breaks a prohibition rule (issue 6)."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings, strategies as st

from layout import clreq
from layout.boxes import TextBlock
from layout.build import article_texts, build
from layout.errors import InputError
from layout.models import load_styles
from layout.models.text import normalise

from conftest import STYLES
from pdfchars import pdf_chars

COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
RARE = "龘靐齉爨鬱㐀㑇䶮彧堃喆淼犇骉鱻赟嫑嘦烎囧槑龖䨻"   # in the fonts (㐀: not in kai, the caption font)
ASTRAL = "𠮷"   # in the kai fallback only; its ToUnicode entry is wrong (see test_astral_character_…)
UNCOVERED = "𪚥𡈼"                                        # in no font: the build must say so
PUNCTUATION = sorted(clreq.OPENING | clreq.CLOSING | clreq.PAUSE | clreq.STOP | clreq.INTERPUNCT
                     | clreq.DASHES | clreq.ELLIPSES | clreq.CONNECTORS | set("/／%‰℃°"))
ASCII_PUNCT = list(",.;:?!()\"'-")
DIGITS = list("0123456789")
LATIN = list("abcdefghijklmnopqrstuvwxyzABCXYZ")
JUMP_RE = re.compile(r"（[上下][接转]第\d+版）")

CHAR = st.one_of(
    st.sampled_from(COMMON),                                   # most text is common hanzi
    st.sampled_from(COMMON),
    st.sampled_from(COMMON),
    st.sampled_from(RARE),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(ASCII_PUNCT),
    st.sampled_from(DIGITS),
    st.sampled_from(LATIN),
    st.just(" "),
)
TEXT = st.text(CHAR, min_size=1, max_size=400)
HEADLINE = st.text(st.one_of(st.sampled_from(COMMON), st.sampled_from(COMMON), st.sampled_from(RARE),
                             st.sampled_from(PUNCTUATION), st.sampled_from(DIGITS)), min_size=2, max_size=24)


@st.composite
def paragraphs(draw):
    kind = draw(st.sampled_from(["text", "text", "text", "subhead", "turn"]))
    if kind == "subhead":
        return {"subhead": draw(HEADLINE)}
    if kind == "turn":
        return {"speaker": draw(st.sampled_from(["主持人", "记者", "王俊"])), "text": draw(TEXT)}
    return draw(TEXT)


@st.composite
def editions(draw):
    n_pages = draw(st.integers(1, 2))
    n_articles = draw(st.integers(n_pages, 4))
    articles = []
    for n in range(n_articles):
        art = {"id": f"story-{n + 1}", "priority": n + 1, "headline": draw(HEADLINE)}
        if draw(st.booleans()):
            art["kicker"] = draw(HEADLINE)
        body = draw(st.lists(paragraphs(), min_size=0, max_size=4))
        if body:
            art["body"] = body
        if draw(st.sampled_from([False] * 15 + [True])):  # now and then a character that no font has
            art["headline"] += draw(st.sampled_from(UNCOVERED))
        articles.append(art)
    split = draw(st.integers(1, n_articles - n_pages + 1)) if n_pages == 2 else n_articles
    ids = [a["id"] for a in articles]
    pages = [{"number": 1, "section": "要闻", "articles": ids[:split]}]
    if n_pages == 2:
        pages.append({"number": 2, "section": "综合", "articles": ids[split:]})
    return {"paper": "北碚报", "date": "2022-04-04", "pages": pages, "articles": articles}


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def _raw_texts(article: dict) -> list[str]:
    out = [article.get("kicker"), article["headline"]]
    for para in article.get("body", ()):
        out += [para] if isinstance(para, str) else list(para.values())
    return [t for t in out if t]


KINSOKU = load_styles(STYLES)[0].text.kinsoku
NO_START, NO_END = clreq.no_line_start(KINSOKU), clreq.no_line_end(KINSOKU)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(editions())
def test_random_editions(data):
    for article in data["articles"]:  # normalising drops whitespace only, never a character
        for raw in _raw_texts(article):
            assert len(_squeeze(normalise(raw))) == len(_squeeze(raw)), raw
    with tempfile.TemporaryDirectory() as folder:
        edition = Path(folder) / "edition.yaml"
        edition.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out = Path(folder) / "out.pdf"
        try:
            result = build(edition, out, STYLES, check=False)
        except InputError as exc:
            event("input error: " + ("missing from the fonts" if "missing from the fonts" in str(exc)
                                     else str(exc).split(": ", 2)[-1][:50]))
            assert "\n" not in str(exc) and str(exc).startswith(str(edition)) or "page " in str(exc)
            assert not out.exists()
            return
        event("built")
        _check_text_in_pdf(result)
        _check_prohibitions(result)


def _check_text_in_pdf(result) -> None:
    """Characters read back from the PDF (pdfium), taken block by block in the composer's reading
    order and, inside a block, line by line and left to right by the middle of each glyph (a mark
    whose blank half is squeezed away can have its origin left of the character before it)."""
    from layout.models import load_edition

    edition = load_edition(result.pdf.parent / "edition.yaml").edition
    chars = pdf_chars(result.pdf)
    got: dict[str, str] = {}
    for page in result.layout.pages:
        on_page = [c for c in chars if c.page == page.number]
        for module in page.modules:
            for block in module.boxes:
                if not isinstance(block, TextBlock) or block.role == "jump_line" \
                        or (module.part and block.role == "headline"):
                    continue
                left, right = block.x + page.bleed, block.x + block.w + page.bleed
                top, bottom = page.height + page.bleed - block.y, page.height + page.bleed - (block.y + block.h)
                inside = [c for c in on_page if left - 0.5 <= (c.x + c.right) / 2 <= right + 0.5
                          and bottom - 0.5 <= c.y <= top + 0.5]
                inside.sort(key=lambda c: (-round(c.y, 1), (c.x + c.right) / 2))
                # pdfium reports a hyphen that ends a line as U+FFFE (its soft-hyphen marker)
                text = "".join(c.char for c in inside).replace("\ufffe", "-")
                got[module.article_id] = got.get(module.article_id, "") + text
    for article in edition.articles:
        expected = _squeeze("".join(text for _, text in article_texts(article)))
        text = JUMP_RE.sub("", got.get(article.id, ""))
        assert _is_subsequence(expected, text), f"{article.id}: {expected!r} not in order in {text!r}"


def _check_prohibitions(result) -> None:
    for page in result.layout.pages:
        for module in page.modules:
            for block in module.boxes:
                if not isinstance(block, TextBlock):
                    continue
                lines = block.lines
                for prev, line in zip(lines, lines[1:]):
                    if prev.last or not prev.text or not line.text:
                        continue
                    if line.forced:  # marks that may not be parted, wider than the column (see
                        continue     # test_compose: test_unbreakable_chain_wider_than_the_measure)
                    assert prev.text[-1] not in NO_END, f"line ends with {prev.text[-1]!r}: {prev.text!r}"
                    assert line.text[0] not in NO_START or prev.text[-1:] in "—…", \
                        f"line starts with {line.text[0]!r}: {line.text!r} (after {prev.text!r})"


def test_character_beyond_the_bmp_reads_back(tmp_path):
    data = {"paper": "北碚报", "date": "2022-04-04",
            "pages": [{"number": 1, "section": "要闻", "articles": ["story-1"]}],
            "articles": [{"id": "story-1", "priority": 1, "headline": "吉祥", "body": ["吉" + ASTRAL + "吉"]}]}
    edition = tmp_path / "edition.yaml"
    edition.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = build(edition, tmp_path / "out.pdf", STYLES, check=False)
    assert ASTRAL in "".join(c.char for c in pdf_chars(result.pdf))
