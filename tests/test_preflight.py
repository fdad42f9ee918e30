"""`layout check`: the preflight reads a PDF and fails what a print shop would reject."""
from __future__ import annotations

from pathlib import Path

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from layout.cli import main
from layout.preflight import FAIL, PASS, preflight
from layout.render.pdfx import PrintOptions, identify

ROWS = ["version", "boxes", "output intent", "info and ID", "fonts embedded", "colour spaces",
        "text colour", "total ink", "image resolution", "image colour", "transparency", "crop marks"]


def _pdfx_canvas(path: Path, font) -> Canvas:
    """A canvas that is PDF/X-1a apart from what each test breaks."""
    c = Canvas(str(path), pagesize=(300, 300), invariant=1, initialFontName=font.name)
    identify(c, PrintOptions(), "test")
    c.setTrimBox((10, 10, 290, 290))
    c.setBleedBox((5, 5, 295, 295))
    return c


def test_sample_passes_every_check(sample_build):
    report = sample_build[0].preflight
    assert [c.name for c in report.checks] == ROWS
    assert report.ok, report.table()
    assert all(c.status == PASS for c in report.checks), report.table()


def test_check_command_prints_the_table(sample_build, capsys):
    status = main(["check", str(sample_build[0].pdf)])
    out = capsys.readouterr().out
    assert status == 0
    for row in ROWS:
        assert any(line.split("  ")[1:] and row in line and "PASS" in line for line in out.splitlines()), row
    assert "preflight passed" in out


def test_office_pdf_fails_what_a_print_shop_rejects(tmp_path, capsys):
    """RGB text, an RGBA image (SMask), Helvetica not embedded, no boxes or OutputIntent, PDF 1.4."""
    path = tmp_path / "office.pdf"
    c = Canvas(str(path), pagesize=(300, 300))
    c.setFillColorRGB(0.2, 0.3, 0.9)
    c.drawString(20, 250, "Hello")
    im = Image.new("RGBA", (40, 40), (255, 0, 0, 128))
    c.drawImage(ImageReader(im), 20, 20, 200, 200, mask="auto")
    c.setFillAlpha(0.5)
    c.rect(50, 50, 50, 50, fill=1)
    c.save()
    status = main(["check", str(path)])
    out = capsys.readouterr().out
    assert status == 1
    report = preflight(path)
    failed = {c.name for c in report.failures}
    assert {"version", "boxes", "output intent", "info and ID", "fonts embedded", "colour spaces",
            "image colour", "transparency"} <= failed, report.table()
    assert "DeviceRGB" in report["colour spaces"].detail
    assert "SMask" in report["image colour"].detail
    assert "FAILED" in out


def test_black_text_without_overprint_and_rich_black_fail(tmp_path, fonts):
    font = fonts["song"]
    path = tmp_path / "knockout.pdf"
    c = _pdfx_canvas(path, font)
    text = c.beginText(20, 200)
    text.setFont(font.name, 9)
    text.setFillColorCMYK(0, 0, 0, 1)
    text.textOut("正文")
    text.setFillColorCMYK(0.6, 0.5, 0.5, 1)
    text.textOut("四色黑")
    c.drawText(text)
    c.showPage()
    c.save()
    report = preflight(path)
    assert [c.name for c in report.failures] == ["text colour", "total ink"], report.table()
    detail = report["text colour"].detail
    assert "without overprint" in detail and "rich black" in detail
    assert "260 %" in report["total ink"].detail


def test_overprinting_k_only_text_passes(tmp_path, fonts):
    font = fonts["song"]
    path = tmp_path / "ok.pdf"
    c = _pdfx_canvas(path, font)
    text = c.beginText(20, 200)
    text.setFont(font.name, 9)
    text.setFillOverprint(True)
    text.setStrokeOverprint(True)
    text.setFillColorCMYK(0, 0, 0, 1)
    text.textOut("正文")
    c.drawText(text)
    c.showPage()
    c.save()
    report = preflight(path)
    assert report.ok and report["text colour"].status == PASS, report.table()


def test_rgb_image_is_caught(tmp_path, fonts):
    path = tmp_path / "rgb.pdf"
    c = _pdfx_canvas(path, fonts["song"])
    c.drawImage(ImageReader(Image.new("RGB", (400, 400), (10, 200, 30))), 20, 20, 100, 100)
    c.showPage()
    c.save()
    report = preflight(path)
    assert report["image colour"].status == FAIL and "DeviceRGB" in report["image colour"].detail
    assert report["image resolution"].status == PASS  # 400 px over 100 pt = 288 ppi


def test_not_a_pdf_is_one_failed_row_and_missing_file_is_an_input_error(tmp_path, capsys):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    assert main(["check", str(bad)]) == 1
    assert "cannot be read as PDF" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "missing.pdf")]) == 2
    err = capsys.readouterr().err
    assert "missing.pdf" in err and "Traceback" not in err


def test_image_ink_is_the_highest_c_m_y_k_sum_and_a_gray_image_its_darkest_grey(tmp_path, fonts):
    path = tmp_path / "ink.pdf"
    c = _pdfx_canvas(path, fonts["song"])
    cmyk = Image.new("CMYK", (600, 300), (200, 200, 200, 0))       # 235 %
    cmyk.paste((255, 255, 255, 255), (300, 0, 600, 300))           # 400 %
    c.drawImage(ImageReader(cmyk), 20, 20, 100, 50)
    c.showPage()
    c.save()
    report = preflight(path, ink_limit=300)
    assert report["total ink"].detail == "above 300 %: an image (400 %) on page 1", report.table()
    gray = tmp_path / "gray.pdf"
    c = _pdfx_canvas(gray, fonts["song"])
    c.drawImage(ImageReader(Image.new("L", (300, 300), 51)), 20, 20, 100, 100)  # 80 % K
    c.showPage()
    c.save()
    assert preflight(gray)["total ink"].detail == "max 80 % ≤ 240 % (an image on page 1)"


def test_colours_over_the_ink_limit_are_listed_in_the_order_they_are_painted(tmp_path, fonts):
    """Not in the order of a set of colours, which changed with the string hash seed of the process."""
    path = tmp_path / "over.pdf"
    c = _pdfx_canvas(path, fonts["song"])
    for cmyk in [(0.3, 0.3, 0.3, 1), (1, 1, 1, 1), (0.5, 0.5, 0.5, 1)]:
        c.setFillColorCMYK(*cmyk)
        c.rect(20, 20, 10, 10, fill=1, stroke=0)
    c.showPage()
    c.save()
    assert preflight(path)["total ink"].detail == ("above 240 %: DeviceCMYK 1 1 1 1 (400 %) on page 1; "
                                                   "DeviceCMYK 0.5 0.5 0.5 1 (250 %) on page 1")


def test_what_a_form_xobject_draws_is_checked_on_every_page_that_draws_it(tmp_path, fonts):
    path = tmp_path / "form.pdf"
    c = _pdfx_canvas(path, fonts["song"])
    c.beginForm("logo")
    c.setFillColorRGB(0.9, 0.1, 0.1)
    c.rect(0, 0, 10, 10, fill=1, stroke=0)
    c.endForm()
    c.doForm("logo")
    c.showPage()
    c.doForm("logo")
    c.showPage()
    c.save()
    report = preflight(path)
    assert report["colour spaces"].status == FAIL
    assert report["colour spaces"].detail.startswith("DeviceRGB on page(s) 1, 2;"), report.table()


def test_importing_the_preflight_loads_neither_pikepdf_nor_numpy():
    import subprocess
    import sys
    code = "import sys, layout.preflight; print(sorted({'pikepdf', 'numpy'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
