"""The sample edition's PDF, read back from the file (not from the composer's data)."""
from __future__ import annotations

import re

import pikepdf
import pypdfium2 as pdfium
import pytest

from layout.build import article_texts
from layout.units import mm

JUMP_RE = re.compile(r"（[上下][接转]第\d+版）")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _module_text(page: pdfium.PdfPage, module, bleed: float, page_h: float) -> str:
    textpage = page.get_textpage()
    left, right = module.x + bleed, module.x + module.w + bleed
    top, bottom = page_h + bleed - module.y, page_h + bleed - (module.y + module.h)
    return textpage.get_text_bounded(left - 0.5, bottom - 0.5, right + 0.5, top + 0.5)


def test_every_article_text_is_in_the_pdf_in_order(sample_build):
    result, loaded, _ = sample_build
    pdf = pdfium.PdfDocument(str(result.pdf))
    got: dict[str, str] = {}
    for page_layout, page in zip(result.layout.pages, pdf):
        for module in page_layout.modules:
            text = _squeeze(_module_text(page, module, page_layout.bleed, page_layout.height))
            text = JUMP_RE.sub("", text)
            article = loaded.edition.article(module.article_id)
            if module.part:  # the continuation repeats the headline: drop it
                head = _squeeze(article.headline or article.column_label or "")
                assert text.startswith(head), f"{module.article_id}: continuation lacks its headline"
                text = text[len(head):]
            got[module.article_id] = got.get(module.article_id, "") + text
    for article in loaded.edition.articles:
        expected = _squeeze("".join(text for _, text in article_texts(article)))
        if article.column_label and article.headline is None:
            pass
        assert got.get(article.id) == expected, f"text of {article.id} differs"


def test_fonts_embedded_and_no_base14(sample_build):
    result, _, _ = sample_build
    with pikepdf.open(result.pdf) as pdf:
        seen = 0
        for page in pdf.pages:
            fonts = page.Resources.get("/Font", {})
            for name, font in fonts.items():
                seen += 1
                assert font.Subtype != "/Type1" or "/FontDescriptor" in font, f"base-14 font {font.BaseFont}"
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None, f"{font.BaseFont} has no descriptor"
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
                    f"{font.BaseFont} is not embedded"
                assert "Helvetica" not in str(font.BaseFont)
        assert seen > 0


def test_page_count_and_size(sample_build):
    result, loaded, styles = sample_build
    with pikepdf.open(result.pdf) as pdf:
        assert len(pdf.pages) == len(loaded.edition.pages)
        for page in pdf.pages:
            trim = [float(v) for v in page.TrimBox]
            assert trim[2] - trim[0] == pytest.approx(mm(styles.page.trim_mm.width), abs=0.01)
            assert trim[3] - trim[1] == pytest.approx(mm(styles.page.trim_mm.height), abs=0.01)
            bleed = [float(v) for v in page.BleedBox]
            assert bleed[0] <= trim[0] and bleed[2] >= trim[2]


def test_jumps_resolve_both_ways(sample_build):
    result, _, _ = sample_build
    pdf = pdfium.PdfDocument(str(result.pdf))
    texts = [_squeeze(p.get_textpage().get_text_range()) for p in pdf]
    for jump in result.layout.jumps:
        assert f"（下转第{jump.to_page}版）" in texts[jump.from_page - 1]
        assert f"（上接第{jump.from_page}版）" in texts[jump.to_page - 1]
