"""Characters of a written PDF with their positions, read with pdfium (for tests)."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw


@dataclass(frozen=True)
class PdfChar:
    page: int      # 1-based
    char: str
    x: float       # origin, PDF coordinates (bottom-left of the MediaBox)
    right: float   # origin + advance (pdfium's loose box)
    y: float       # baseline
    size: float
    font: str


def pdf_chars(path) -> list[PdfChar]:
    out = []
    pdf = pdfium.PdfDocument(str(path))
    for number, page in enumerate(pdf, start=1):
        textpage = page.get_textpage()
        buf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        x, y = ctypes.c_double(), ctypes.c_double()
        count = textpage.count_chars()
        skip = False
        for i in range(count):
            if skip:  # the second half of a surrogate pair
                skip = False
                continue
            ch = textpage.get_text_range(i, 1)
            if not ch and i + 1 < count:  # pdfium counts UTF-16 units: a character above U+FFFF is two
                ch = textpage.get_text_range(i, 2)
                skip = len(ch) == 1
            if not ch or ch.isspace():
                continue
            raw.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
            size = raw.FPDFText_GetFontSize(textpage.raw, i)
            raw.FPDFText_GetFontInfo(textpage.raw, i, buf, 256, ctypes.byref(flags))
            right = textpage.get_charbox(i, loose=True)[2]
            out.append(PdfChar(number, ch, x.value, right, y.value, size,
                               buf.value.decode("latin-1").split("+")[-1]))
    pdf.close()
    return out
