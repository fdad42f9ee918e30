"""Issue 5, the PDF: each requirement checked by reading the written PDF back (pikepdf/pypdfium2)."""
from __future__ import annotations

import ctypes
import hashlib
import json
import shutil
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from PIL import Image

from layout.build import build
from layout.cli import main
from layout.units import mm

from conftest import SAMPLE, STYLES

REGISTRATION = [1.0, 1.0, 1.0, 1.0]


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    """The sample built with crop marks and a handoff folder."""
    folder = tmp_path_factory.mktemp("marked")
    result = build(SAMPLE, folder / "2022-04-04.pdf", STYLES, marks=True, handoff=folder / "handoff")
    return result, folder


def _workdir(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE, tmp_path / "edition.yaml")
    shutil.copytree(SAMPLE.parent / "images", tmp_path / "images")
    return tmp_path


def _edit(workdir: Path, change) -> None:
    path = workdir / "edition.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _with_image(data, name: str) -> str:
    article = next(a for a in data["articles"] if a.get("images"))
    article["images"][0]["path"] = f"images/{name}"
    return article["id"]


def _ops(page: pikepdf.Page):
    """(operator, operands, overprint-fill, overprint-stroke, inside /PrinterMarks) for every operator."""
    extg = page.Resources.get("/ExtGState", {})
    state = {"op": None, "OP": False}
    stack, tags = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append(dict(state))
        elif op == "Q":
            state = stack.pop()
        elif op in ("BMC", "BDC"):
            tags.append(str(operands[0]))
        elif op == "EMC":
            tags.pop()
        elif op == "gs":
            gs = extg[str(operands[0])]
            for key in ("op", "OP"):
                if f"/{key}" in gs:
                    state[key] = bool(gs[f"/{key}"])
        fill_op = state["OP"] if state["op"] is None else state["op"]
        yield op, operands, fill_op, state["OP"], "/PrinterMarks" in tags


# --- PDF/X-1a:2001 structure -------------------------------------------------------------

def test_pdfx1a_header_output_intent_info_and_id(sample_build):
    result, _, styles = sample_build
    assert result.pdf.read_bytes()[:8] == b"%PDF-1.3"
    with pikepdf.open(result.pdf) as pdf:
        intents = list(pdf.Root.OutputIntents)
        assert len(intents) == 1
        oi = intents[0]
        assert oi.S == "/GTS_PDFX"
        assert str(oi.OutputConditionIdentifier) == styles.print.output_condition == "IFRA26"
        assert str(oi.RegistryName) == "http://www.color.org"
        info = pdf.trailer.Info
        assert str(info.GTS_PDFXVersion) == "PDF/X-1:2001"
        assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2001"
        assert str(info.Title) == "北碚报 2022-04-04"
        assert str(info.CreationDate).startswith("D:20220404") and str(info.ModDate) == str(info.CreationDate)
        assert info.Trapped == "/False"
        assert len(pdf.trailer.ID) == 2


def test_boxes_nest_on_every_page(sample_build):
    result, _, styles = sample_build
    bleed_pt = mm(styles.page.bleed_mm)
    with pikepdf.open(result.pdf) as pdf:
        for page in pdf.pages:
            media, bleed, trim = ([float(v) for v in page.obj[k]] for k in ("/MediaBox", "/BleedBox", "/TrimBox"))
            assert media[0] <= bleed[0] <= trim[0] and trim[2] <= bleed[2] <= media[2]
            assert media[1] <= bleed[1] <= trim[1] and trim[3] <= bleed[3] <= media[3]
            assert trim[0] - bleed[0] == pytest.approx(bleed_pt, abs=0.01)


def test_only_cmyk_and_gray_no_transparency(sample_build):
    result, _, _ = sample_build
    with pikepdf.open(result.pdf) as pdf:
        for page in pdf.pages:
            assert "/Group" not in page.obj
            for op, *_ in _ops(page):
                assert op not in ("rg", "RG", "sc", "scn", "SC", "SCN", "cs", "CS"), op
            for gs in page.Resources.get("/ExtGState", {}).values():
                assert "/SMask" not in gs and "/BM" not in gs
                assert float(gs.get("/CA", 1)) == 1 and float(gs.get("/ca", 1)) == 1
            for xobj in page.Resources.get("/XObject", {}).values():
                if xobj.Subtype == "/Image":
                    assert xobj.ColorSpace in ("/DeviceCMYK", "/DeviceGray")
                    assert "/SMask" not in xobj


def test_black_text_and_rules_are_k_only_and_overprint(sample_build):
    result, _, _ = sample_build
    with pikepdf.open(result.pdf) as pdf:
        black_text = black_rules = 0
        for page in pdf.pages:
            fill = stroke = None
            for op, operands, op_fill, op_stroke, _ in _ops(page):
                if op == "k":
                    fill = [float(v) for v in operands]
                elif op == "K":
                    stroke = [float(v) for v in operands]
                elif op in ("Tj", "TJ") and fill is not None and fill[3] >= 0.9:
                    assert fill == [0, 0, 0, 1], f"black text in {fill}"
                    assert op_fill, "K-only text does not overprint"
                    black_text += 1
                elif op == "S" and stroke is not None and stroke[3] >= 0.9:
                    assert stroke == [0, 0, 0, 1], f"black rule in {stroke}"
                    assert op_stroke, "K-only rule does not overprint"
                    black_rules += 1
                elif op in ("Tj", "TJ") and fill == [0, 0, 0, 0]:
                    assert not op_fill, "white text set to overprint disappears"
        assert black_text > 100 and black_rules > 5


def test_every_colour_within_the_ink_limit(sample_build):
    result, _, styles = sample_build
    limit = styles.print.ink_limit_pct / 100
    with pikepdf.open(result.pdf) as pdf:
        for page in pdf.pages:
            for op, operands, *_, in_marks in _ops(page):
                if op in ("k", "K") and not in_marks:
                    assert sum(float(v) for v in operands) <= limit + 1e-6


def test_crop_marks_outside_the_bleed_in_registration(marked, sample_build):
    result, _ = marked
    plain, _, styles = sample_build
    with pikepdf.open(result.pdf) as pdf, pikepdf.open(plain.pdf) as ref:
        for page, ref_page in zip(pdf.pages, ref.pages):
            media, bleed, trim = ([float(v) for v in page.obj[k]] for k in ("/MediaBox", "/BleedBox", "/TrimBox"))
            ref_trim = [float(v) for v in ref_page.TrimBox]
            assert trim[2] - trim[0] == pytest.approx(ref_trim[2] - ref_trim[0], abs=0.01)
            assert media[2] - media[0] > bleed[2] - bleed[0] + 2 * mm(styles.print.mark_length_mm)
            segments, point, stroke = [], None, None
            for op, operands, *_, in_marks in _ops(page):
                if not in_marks:
                    continue
                if op == "K":
                    stroke = [float(v) for v in operands]
                elif op == "m":
                    point = tuple(float(v) for v in operands)
                elif op == "l":
                    end = tuple(float(v) for v in operands)
                    segments.append((point, end))
                    assert stroke == REGISTRATION
            assert len(segments) == 8
            for (x1, y1), (x2, y2) in segments:
                assert (max(x1, x2) <= bleed[0] or min(x1, x2) >= bleed[2]
                        or max(y1, y2) <= bleed[1] or min(y1, y2) >= bleed[3]), "mark inside the BleedBox"
                assert media[0] <= min(x1, x2) and max(x1, x2) <= media[2]
                assert media[1] <= min(y1, y2) and max(y1, y2) <= media[3]
    assert result.preflight.ok


# --- images -------------------------------------------------------------------------------

def test_rgba_image_is_printed_as_cmyk_without_alpha(tmp_path):
    work = _workdir(tmp_path)
    im = Image.new("RGBA", (1600, 1000), (30, 120, 220, 255))
    im.paste((250, 40, 40, 0), (0, 0, 800, 1000))  # half transparent: flattened onto white paper
    im.save(work / "images" / "rgba.png")
    _edit(work, lambda d: _with_image(d, "rgba.png"))
    result = build(work / "edition.yaml", work / "out.pdf", STYLES)
    with pikepdf.open(result.pdf) as pdf:
        images = [x for p in pdf.pages for x in p.Resources.get("/XObject", {}).values() if x.Subtype == "/Image"]
        assert images and all(x.ColorSpace == "/DeviceCMYK" and "/SMask" not in x for x in images)
    assert result.preflight.ok, result.preflight.table()


def _images_of(pdf_path: Path) -> list:
    with pikepdf.open(pdf_path) as pdf:
        return [([str(f) for f in x.get("/Filter", [])], str(x.ColorSpace), x.read_raw_bytes())
                for p in pdf.pages for x in p.Resources.get("/XObject", {}).values() if x.Subtype == "/Image"]


def test_printable_cmyk_jpeg_goes_in_byte_for_byte_and_the_frame_clips_it(sample_build):
    result = sample_build[0]
    jpeg = (SAMPLE.parent / "images" / "industrial-park.jpg").read_bytes()
    [(filters, space, data)] = _images_of(result.pdf)
    assert filters == ["/DCTDecode"] and space == "/DeviceCMYK" and data == jpeg
    with pikepdf.open(result.pdf) as pdf:
        ops = [str(op) for page in pdf.pages for _, op in pikepdf.parse_content_stream(page)]
    at = ops.index("Do")
    assert {"W", "W*"} & set(ops[at - 8:at]) and ops[at:at + 4].count("Q") == 2  # clipped by the frame, restored


def test_cmyk_jpeg_over_the_ink_limit_is_reduced_not_passed_through(tmp_path):
    work = _workdir(tmp_path)
    im = Image.new("CMYK", (1500, 1000), (250, 250, 250, 250))  # 392 % total ink
    im.save(work / "images" / "heavy.jpg", quality=95)
    _edit(work, lambda d: _with_image(d, "heavy.jpg"))
    result = build(work / "edition.yaml", work / "out.pdf", STYLES)
    [(filters, space, data)] = _images_of(result.pdf)
    assert "/DCTDecode" not in filters and space == "/DeviceCMYK"
    assert result.preflight.ok, result.preflight.table()


def test_low_resolution_image_is_a_warning_naming_file_and_ppi(tmp_path, capsys):
    work = _workdir(tmp_path)
    Image.open(work / "images" / "industrial-park.jpg").resize((300, 200)).save(work / "images" / "small.jpg")
    _edit(work, lambda d: _with_image(d, "small.jpg"))
    status = main(["build", str(work / "edition.yaml"), "-o", str(work / "out.pdf"), "--styles", str(STYLES)])
    out = capsys.readouterr().out
    assert status == 0  # a warning: the shop prints it, the editor should know
    row = next(line for line in out.splitlines() if "image resolution" in line)
    assert "WARN" in row and "small.jpg" in row and "ppi" in row
    ppi = int(row.split("small.jpg on page ")[1].split(": ")[1].split(" ppi")[0])
    assert 30 < ppi < 200


# --- glyphs ---------------------------------------------------------------------------------

def test_character_no_font_has_fails_the_build_listing_it(tmp_path, capsys):
    work = _workdir(tmp_path)
    ids = []

    def change(d):
        for article in d["articles"][:2]:
            article["body"][0] = article["body"][0] + "😀"
            ids.append(article["id"])
    _edit(work, change)
    status = main(["build", str(work / "edition.yaml"), "-o", str(work / "out.pdf"), "--styles", str(STYLES)])
    err = capsys.readouterr().err.strip()
    assert status == 2 and not (work / "out.pdf").exists()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "U+1F600" in err and "😀" in err and all(i in err for i in ids)


def _font_of_char(pdf_path: Path, context: str, at: int = 0) -> str:
    """Name of the font that draws ``context[at]`` where ``context`` first occurs in the PDF's text."""
    doc = pdfium.PdfDocument(str(pdf_path))
    for page in doc:
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        index = text.find(context)
        if index >= 0:
            index += at
            buf = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buf, 256, ctypes.byref(flags))
            return buf.value.decode("latin-1")
    raise AssertionError(f"{context!r} is not in the PDF")


def test_character_from_the_fallback_font_is_printed(tmp_path):
    work = _workdir(tmp_path)
    rare = "䶶"  # U+4DB6: in LXGW WenKai (kai), not in Layout Serif SC (song), the body font
    _edit(work, lambda d: d["articles"][0]["body"].__setitem__(0, d["articles"][0]["body"][0] + rare + "。"))
    result = build(work / "edition.yaml", work / "out.pdf", STYLES)
    assert "WenKai" in _font_of_char(result.pdf, rare + "。")
    assert "Serif" in _font_of_char(result.pdf, rare + "。", 1)  # and back to the body font
    assert result.preflight.ok


def test_fallback_font_must_be_a_known_font(tmp_path, capsys):
    text = STYLES.read_text(encoding="utf-8").replace("fallback: [kai]}", "fallback: [kaii]}", 1)
    (tmp_path / "styles.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(STYLES.parent / "fonts", tmp_path / "fonts")
    status = main(["build", str(SAMPLE), "-o", str(tmp_path / "out.pdf"), "--styles", str(tmp_path / "styles.yaml")])
    err = capsys.readouterr().err
    assert status == 2 and "kaii" in err and "Traceback" not in err


# --- determinism and handoff ------------------------------------------------------------------

def test_two_builds_are_byte_identical_with_marks_and_handoff(marked, tmp_path):
    result, folder = marked
    again = build(SAMPLE, tmp_path / "2022-04-04.pdf", STYLES, marks=True, handoff=tmp_path / "handoff")
    assert again.pdf.read_bytes() == result.pdf.read_bytes()
    for name in ("manifest.json", "SHA256SUMS", "2022-04-04-01.pdf", "2022-04-04-02.pdf"):
        assert (tmp_path / "handoff" / name).read_bytes() == (folder / "handoff" / name).read_bytes(), name


def test_handoff_has_one_pdfx_file_per_page_and_a_verifiable_manifest(marked):
    result, folder = marked
    handoff = folder / "handoff"
    manifest = json.loads((handoff / "manifest.json").read_text(encoding="utf-8"))
    pages = [p.number for p in result.layout.pages]
    assert [e["page"] for e in manifest["files"]] == pages
    with pikepdf.open(result.pdf) as whole:
        for entry, whole_page in zip(manifest["files"], whole.pages):
            path = handoff / entry["file"]
            data = path.read_bytes()
            assert entry["file"] == f"2022-04-04-{entry['page']:02d}.pdf"
            assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
            assert data[:8] == b"%PDF-1.3"
            with pikepdf.open(path) as pdf:
                assert len(pdf.pages) == 1
                assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == "IFRA26"
                assert str(pdf.trailer.Info.GTS_PDFXConformance) == "PDF/X-1a:2001"
                assert list(pdf.pages[0].TrimBox) == list(whole_page.TrimBox)
                text = pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range()
                assert f"第{entry['page']}版" in text.replace(" ", "") or entry["page"] == 1
    sums = (handoff / "SHA256SUMS").read_text().splitlines()
    assert sums == [f"{e['sha256']}  {e['file']}" for e in manifest["files"]]
