"""PDF/X-1a:2001 identification with reportlab: Info keys, the OutputIntent, page geometry.

reportlab has no PDF/X support (domain notes §4.5): ``setCatalogEntry('OutputIntents')`` is
silently dropped, so the catalog's ``__NoDefault__`` list is extended; the Info dictionary is a
``PDFInfo`` subclass that adds the GTS keys and dates taken from the edition (never the clock).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFInfo, PDFName, PDFString

from layout.units import mm

PDFX_VERSION = "PDF/X-1:2001"
PDFX_CONFORMANCE = "PDF/X-1a:2001"


@dataclass(frozen=True)
class PrintOptions:
    """What the renderer needs from styles.yaml's ``print:`` section (lengths in pt)."""

    output_condition: str = "IFRA26"
    output_condition_info: str = "ISO 12647-3:2013 coldset offset on newsprint (IFRA26)"
    registry: str = "http://www.color.org"
    ink_limit: float = 240.0
    marks: bool = False
    mark_offset: float = mm(2)
    mark_length: float = mm(5)
    mark_weight: float = 0.25
    date: dt.date | None = None  # CreationDate/ModDate: the edition's date, so rebuilds are identical

    @classmethod
    def from_spec(cls, spec, date: dt.date | None = None, marks: bool | None = None) -> "PrintOptions":
        return cls(spec.output_condition, spec.output_condition_info, spec.registry, spec.ink_limit_pct,
                   spec.marks if marks is None else marks, mm(spec.mark_offset_mm), mm(spec.mark_length_mm),
                   spec.mark_weight_pt, date)

    def margin(self, bleed: float) -> float:
        """Trim edge to MediaBox edge: the bleed, plus room for the crop marks when they are drawn."""
        if not self.marks:
            return bleed
        return bleed + self.mark_offset + self.mark_length + mm(1)


def pdf_date(date: dt.date | None) -> str:
    date = date or dt.date(2000, 1, 1)
    return f"D:{date:%Y%m%d}000000+08'00'"  # the paper's own midnight (China Standard Time)


class _XInfo(PDFInfo):
    """PDFInfo plus GTS_PDFX keys; dates from the edition."""

    pdfx_date = "D:20000101000000+00'00'"

    def format(self, document):
        D = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
            "CreationDate": PDFString(self.pdfx_date),
            "ModDate": PDFString(self.pdfx_date),
            "Trapped": PDFName("False"),
            "GTS_PDFXVersion": PDFString(PDFX_VERSION),
            "GTS_PDFXConformance": PDFString(PDFX_CONFORMANCE),
        }
        return PDFDictionary(D).format(document)


def identify(canvas, options: PrintOptions, title: str) -> None:
    """Mark the document being written by ``canvas`` as PDF/X-1a:2001."""
    doc = canvas._doc
    info = doc.info
    info.__class__ = _XInfo
    info.title = title
    info.author = "layout"
    info.subject = f"{title} ({PDFX_CONFORMANCE}, {options.output_condition})"
    info.creator = "layout"
    info.producer = "layout (reportlab)"
    info.pdfx_date = pdf_date(options.date)
    catalog = doc.Catalog
    if "OutputIntents" not in catalog.__NoDefault__:
        catalog.__NoDefault__ = list(catalog.__NoDefault__) + ["OutputIntents"]
    catalog.OutputIntents = PDFArray([PDFDictionary({
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(options.output_condition),
        "RegistryName": PDFString(options.registry),
        "Info": PDFString(options.output_condition_info),
    })])
