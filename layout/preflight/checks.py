"""PDF/X-1a:2001 preflight of a written PDF, read back with pikepdf (not the renderer's intentions).

Each check gives one row: pass, warn (the shop would accept it, the editor should know) or fail
(the shop would reject the file). Requirements: domain notes §4.1–§4.3.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from layout.preflight.content import PageFacts, WalkCache, walk_page

if TYPE_CHECKING:
    import pikepdf
    from PIL import Image

# pikepdf (≈40 ms) and Pillow are imported when a PDF is checked, not with `layout.build`.

PASS, WARN, FAIL = "pass", "warn", "fail"


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str


@dataclass(frozen=True)
class Report:
    path: Path
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(c.status != FAIL for c in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == FAIL)

    def __getitem__(self, name: str) -> Check:
        return next(c for c in self.checks if c.name == name)

    def table(self) -> str:
        width = max(len(c.name) for c in self.checks)
        lines = [f"preflight {self.path} (PDF/X-1a:2001)"]
        for c in self.checks:
            lines.append(f"  {c.name:<{width}}  {c.status.upper():<4}  {c.detail}")
        verdict = "passed" if self.ok else f"FAILED ({len(self.failures)} of {len(self.checks)} checks)"
        lines.append(f"  preflight {verdict}")
        return "\n".join(lines)


def preflight(path: Path, *, ink_limit: float = 240.0, min_ppi: float = 200.0) -> Report:
    """Inspect the PDF at ``path``. A file pikepdf cannot open is one failed row, not an exception."""
    import pikepdf
    path = Path(path)
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        return Report(path, (Check("file", FAIL, f"cannot be read as PDF: {exc}"),))
    with pdf:
        with path.open("rb") as f:
            header = f.read(16)
        cache = WalkCache()
        facts = [walk_page(page, n, cache) for n, page in enumerate(pdf.pages, 1)]
        checks = (
            _version(header),
            _boxes(pdf),
            _output_intent(pdf),
            _info(pdf),
            _fonts(pdf, facts),
            _color_spaces(facts),
            _text_color(facts),
            _total_ink(facts, ink_limit),
            _image_resolution(facts, min_ppi),
            _image_color(facts),
            _transparency(pdf, facts),
            _marks(pdf, facts),
        )
    return Report(path, checks)


def _version(header: bytes) -> Check:
    version = header[5:8].decode("latin-1", "replace") if header.startswith(b"%PDF-") else "?"
    if version == "1.3":
        return Check("version", PASS, "%PDF-1.3")
    return Check("version", FAIL, f"%PDF-{version}; PDF/X-1a:2001 needs PDF 1.3")


def _box(page: pikepdf.Page, name: str):
    value = page.obj.get(name)
    return None if value is None else [float(v) for v in value]


def _inside(inner, outer, eps=0.01) -> bool:
    return (inner[0] >= outer[0] - eps and inner[1] >= outer[1] - eps
            and inner[2] <= outer[2] + eps and inner[3] <= outer[3] + eps)


def _boxes(pdf: pikepdf.Pdf) -> Check:
    problems = []
    for n, page in enumerate(pdf.pages, 1):
        media = _box(page, "/MediaBox")
        trim = _box(page, "/TrimBox") or _box(page, "/ArtBox")
        bleed = _box(page, "/BleedBox")
        if trim is None:
            problems.append(f"page {n}: no TrimBox")
        elif bleed is None:
            problems.append(f"page {n}: no BleedBox")
        elif not (_inside(trim, bleed) and _inside(bleed, media)):
            problems.append(f"page {n}: TrimBox ⊆ BleedBox ⊆ MediaBox does not hold")
    if problems:
        return Check("boxes", FAIL, "; ".join(problems))
    page = pdf.pages[0]
    trim, bleed = _box(page, "/TrimBox"), _box(page, "/BleedBox")
    mm = 25.4 / 72
    return Check("boxes", PASS, f"{len(pdf.pages)} pages, trim {(trim[2] - trim[0]) * mm:.0f}×"
                 f"{(trim[3] - trim[1]) * mm:.0f} mm, bleed {(trim[0] - bleed[0]) * mm:.1f} mm")


def _output_intent(pdf: pikepdf.Pdf) -> Check:
    intents = [oi for oi in pdf.Root.get("/OutputIntents", []) if oi.get("/S") == "/GTS_PDFX"]
    if len(intents) != 1:
        return Check("output intent", FAIL, f"{len(intents)} /GTS_PDFX OutputIntents; exactly one is required")
    oi = intents[0]
    ident = str(oi.get("/OutputConditionIdentifier", ""))
    if not ident:
        return Check("output intent", FAIL, "no OutputConditionIdentifier")
    if "/DestOutputProfile" not in oi and not str(oi.get("/RegistryName", "")):
        return Check("output intent", FAIL, f"{ident}: neither a DestOutputProfile nor a RegistryName")
    return Check("output intent", PASS, f"{ident} ({oi.get('/RegistryName', 'embedded profile')})")


def _info(pdf: pikepdf.Pdf) -> Check:
    import pikepdf
    info = pdf.trailer.get("/Info") or pikepdf.Dictionary()
    missing = [k for k in ("/Title", "/CreationDate", "/ModDate", "/GTS_PDFXVersion") if not str(info.get(k, ""))]
    problems = [f"no {k[1:]}" for k in missing]
    if str(info.get("/GTS_PDFXVersion", "")) not in ("", "PDF/X-1:2001", "PDF/X-1a:2001"):
        problems.append(f"GTS_PDFXVersion is {info.GTS_PDFXVersion}")
    if str(info.get("/GTS_PDFXConformance", "")) != "PDF/X-1a:2001":
        problems.append("GTS_PDFXConformance is not PDF/X-1a:2001")
    if str(info.get("/Trapped", "")) not in ("/True", "/False"):
        problems.append("Trapped is neither True nor False")
    if "/ID" not in pdf.trailer:
        problems.append("no trailer ID")
    if pdf.is_encrypted:
        problems.append("encrypted")
    if problems:
        return Check("info and ID", FAIL, "; ".join(problems))
    return Check("info and ID", PASS, f"{info.GTS_PDFXConformance}, Trapped {str(info.Trapped)[1:]}, trailer ID")


def _all_fonts(pdf: pikepdf.Pdf, facts: list[PageFacts]) -> Iterable[pikepdf.Object]:
    import pikepdf
    seen = set()
    resources = [page.obj.get("/Resources") for page in pdf.pages]
    resources += [form.get("/Resources") for f in facts for form in f.forms]
    for res in resources:
        if res is None:
            continue
        for font in res.get("/Font", pikepdf.Dictionary()).values():
            if font.objgen in seen and font.objgen != (0, 0):
                continue
            seen.add(font.objgen)
            yield font


def _fonts(pdf: pikepdf.Pdf, facts: list[PageFacts]) -> Check:
    fonts = list(_all_fonts(pdf, facts))
    bad = []
    for font in fonts:
        if font.get("/Subtype") == "/Type3":
            continue
        desc = font.get("/FontDescriptor")
        if font.get("/Subtype") == "/Type0":
            descendants = font.get("/DescendantFonts") or []
            desc = descendants[0].get("/FontDescriptor") if len(descendants) else None
        if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            bad.append(str(font.get("/BaseFont", "?"))[1:])
    if bad:
        return Check("fonts embedded", FAIL, "not embedded: " + ", ".join(sorted(set(bad))))
    if not fonts:
        return Check("fonts embedded", PASS, "no fonts")
    return Check("fonts embedded", PASS, f"{len(fonts)} font subsets, all embedded")


def _color_spaces(facts: list[PageFacts]) -> Check:
    spaces = set().union(*(f.spaces for f in facts)) if facts else set()
    bad = sorted(s for s in spaces if s not in ("/DeviceCMYK", "/DeviceGray"))
    if bad:
        pages = sorted({f.number for f in facts if set(bad) & f.spaces})
        return Check("colour spaces", FAIL, f"{', '.join(s[1:] for s in bad)} on page(s) "
                     f"{', '.join(map(str, pages))}; only DeviceCMYK and DeviceGray are allowed")
    return Check("colour spaces", PASS, ", ".join(s[1:] for s in sorted(spaces)) or "none")


def _text_color(facts: list[PageFacts]) -> Check:
    counts = {"text": 0, "stroke": 0}
    problems: dict[str, set[int]] = {}
    for f in facts:
        for paint, n in f.paints.items():
            if paint.marks or paint.kind == "fill":
                continue
            what = "text" if paint.kind == "text" else "rules"
            if paint.color.rich_black:
                problems.setdefault(f"{what} in rich black ({paint.color})", set()).add(f.number)
            elif paint.color.k_only:
                counts[paint.kind] += n
                if not paint.overprint:
                    problems.setdefault(f"K-only {what} without overprint", set()).add(f.number)
    if problems:
        return Check("text colour", FAIL, "; ".join(f"{p} on page(s) {', '.join(map(str, sorted(n)))}"
                                                    for p, n in sorted(problems.items())))
    return Check("text colour", PASS, f"black is K-only and overprints ({counts['text']} text runs, "
                 f"{counts['stroke']} rules)")


def _image_ink(xobject: pikepdf.Object, cache: dict) -> float | None:
    """Highest C+M+Y+K of an image in % (of a 400-px thumbnail), darkest grey of a Gray one, or None."""
    key = xobject.objgen
    if key not in cache:
        try:
            im = _raw_image(xobject)
            if im is None:
                im = _pil_image(xobject)
        except Exception:  # an image pikepdf cannot decode is reported by the colour check
            cache[key] = None
            return None
        if im.mode != "CMYK":
            cache[key] = None if im.mode != "L" else 100 * (255 - im.getextrema()[0]) / 255
            return cache[key]
        im.thumbnail((400, 400))
        cache[key] = _max_band_sum(im) / 2.55
    return cache[key]


def _pil_image(xobject: pikepdf.Object) -> Image.Image:
    import pikepdf
    return pikepdf.PdfImage(xobject).as_pil_image()


_RAW_FILTERS = {"/FlateDecode", "/LZWDecode", "/ASCII85Decode", "/ASCIIHexDecode", "/RunLengthDecode"}
_RAW_MODES = {"/DeviceCMYK": ("CMYK", 4), "/DeviceGray": ("L", 1)}   # Pillow mode, bytes a pixel


def _raw_image(xobject: pikepdf.Object) -> Image.Image | None:
    """The pixels ``PdfImage.as_pil_image`` would give, for the plain case the renderer writes:
    8-bit DeviceCMYK or DeviceGray behind lossless filters, no /Decode, no mask. Decoded once
    (pikepdf decodes such a stream twice). None for anything else: pikepdf decides those."""
    import pikepdf
    from PIL import Image

    mode, bands = _RAW_MODES.get(str(xobject.get("/ColorSpace", "")), (None, 0))
    if (mode is None or xobject.get("/BitsPerComponent") != 8 or xobject.get("/ImageMask", False)
            or any(k in xobject for k in ("/Decode", "/SMask", "/Mask"))):
        return None
    filters = xobject.get("/Filter")
    filters = [] if filters is None else [filters] if isinstance(filters, pikepdf.Name) else list(filters)
    if not all(isinstance(f, pikepdf.Name) and str(f) in _RAW_FILTERS for f in filters):
        return None
    width, height = xobject.get("/Width"), xobject.get("/Height")
    limit = getattr(pikepdf.PdfImage, "MAX_IMAGE_PIXELS", None)   # pikepdf ≥ 10 refuses larger images
    if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0) or (
            limit is not None and width * height > limit):
        return None  # pikepdf's own checks and messages
    data = xobject.read_bytes(pikepdf.StreamDecodeLevel.specialized)
    if len(data) < width * height * bands:
        return None  # short data: pikepdf has its own guesses
    return Image.frombuffer(mode, (width, height), data, "raw", mode, 0, 1)


def _max_band_sum(im: Image.Image) -> int:
    """max over pixels of the sum of the bands (C+M+Y+K: 0–1020), with Pillow alone."""
    from PIL import ImageMath
    c, m, y, k = im.split()
    if hasattr(ImageMath, "lambda_eval"):   # Pillow ≥ 10.3
        total = ImageMath.lambda_eval(lambda b: b["c"] + b["m"] + b["y"] + b["k"], c=c, m=m, y=y, k=k)
    else:
        total = ImageMath.eval("c + m + y + k", c=c, m=m, y=y, k=k)
    return total.getextrema()[1]


def _total_ink(facts: list[PageFacts], limit: float) -> Check:
    worst, where = 0.0, ""
    over: list[str] = []
    for f in facts:
        for color, in_marks in f.color_ops:
            ink = color.ink
            if ink is None or in_marks:
                continue
            if ink > worst:
                worst, where = ink, f"{color} on page {f.number}"
            if ink > limit + 0.05:
                over.append(f"{color} ({ink:.0f} %) on page {f.number}")
    cache: dict = {}
    for f in facts:
        for use in f.images:
            ink = _image_ink(use.xobject, cache)
            if ink is None:
                continue
            name = use.source or "an image"
            if ink > worst:
                worst, where = ink, f"{name} on page {f.number}"
            if ink > limit + 0.5:
                over.append(f"{name} ({ink:.0f} %) on page {f.number}")
    if over:
        return Check("total ink", FAIL, f"above {limit:g} %: " + "; ".join(dict.fromkeys(over)))
    return Check("total ink", PASS, f"max {worst:.0f} % ≤ {limit:g} %" + (f" ({where})" if where else ""))


def _image_resolution(facts: list[PageFacts], min_ppi: float) -> Check:
    uses = [u for f in facts for u in f.images]
    if not uses:
        return Check("image resolution", PASS, "no images")
    low = [f"{u.source or 'image'} on page {u.page}: {u.ppi:.0f} ppi" for u in uses if u.ppi < min_ppi - 0.5]
    if low:
        return Check("image resolution", WARN, f"below {min_ppi:g} ppi: " + "; ".join(low))
    lowest = min(uses, key=lambda u: u.ppi)
    return Check("image resolution", PASS, f"{len(uses)} images, lowest {lowest.ppi:.0f} ppi "
                 f"({lowest.source or 'image'}) ≥ {min_ppi:g}")


def _image_color(facts: list[PageFacts]) -> Check:
    import pikepdf
    problems = []
    for f in facts:
        for use in f.images:
            x = use.xobject
            name = use.source or "an image"
            space = x.get("/ColorSpace")
            space_name = str(space[0] if isinstance(space, pikepdf.Array) else space)
            if x.get("/ImageMask", False):
                continue
            if space_name not in ("/DeviceCMYK", "/DeviceGray"):
                problems.append(f"{name} on page {f.number} is {space_name[1:]}")
            if "/SMask" in x or x.get("/SMaskInData", 0):
                problems.append(f"{name} on page {f.number} has an alpha channel (SMask)")
        for inline in f.inline_images:
            space = str(inline.obj.get("/ColorSpace", inline.obj.get("/CS", "")))
            if space not in ("/DeviceCMYK", "/DeviceGray", "/CMYK", "/G"):
                problems.append(f"an inline image on page {f.number} is {space[1:] or 'of unknown colour'}")
    if problems:
        return Check("image colour", FAIL, "; ".join(dict.fromkeys(problems)))
    count = sum(len(f.images) for f in facts)
    return Check("image colour", PASS, f"{count} images, CMYK or Gray, no alpha" if count else "no images")


def _transparency(pdf: pikepdf.Pdf, facts: list[PageFacts]) -> Check:
    import pikepdf
    problems = []
    for f in facts:
        for state in f.gstates:
            smask = state.get("/SMask")
            if smask is not None and smask != pikepdf.Name("/None"):
                problems.append(f"soft mask on page {f.number}")
            for key in ("/CA", "/ca"):
                if key in state and float(state[key]) < 1:
                    problems.append(f"opacity {key[1:]} {float(state[key]):g} on page {f.number}")
            bm = state.get("/BM")
            if bm is not None and str(bm) not in ("/Normal", "/Compatible"):
                problems.append(f"blend mode {str(bm)[1:]} on page {f.number}")
        for use in f.images:
            if "/SMask" in use.xobject:
                problems.append(f"image with SMask on page {f.number}")
        for form in f.forms:
            group = form.get("/Group")
            if group is not None and group.get("/S") == "/Transparency":
                problems.append(f"transparency group on page {f.number}")
    for n, page in enumerate(pdf.pages, 1):
        group = page.obj.get("/Group")
        if group is not None and group.get("/S") == "/Transparency":
            problems.append(f"page {n} is a transparency group")
    if problems:
        return Check("transparency", FAIL, "; ".join(dict.fromkeys(problems)))
    return Check("transparency", PASS, "none")


def _marks(pdf: pikepdf.Pdf, facts: list[PageFacts]) -> Check:
    total, problems = 0, []
    for f, page in zip(facts, pdf.pages):
        bleed = _box(page, "/BleedBox") or _box(page, "/MediaBox")
        for (x1, y1), (x2, y2) in f.mark_segments:
            total += 1
            outside = (max(x1, x2) <= bleed[0] + 0.01 or min(x1, x2) >= bleed[2] - 0.01
                       or max(y1, y2) <= bleed[1] + 0.01 or min(y1, y2) >= bleed[3] - 0.01)
            if not outside:
                problems.append(f"a mark inside the BleedBox on page {f.number}")
        for paint in f.paints:
            cmyk = paint.color.cmyk
            if paint.marks and cmyk != (1.0, 1.0, 1.0, 1.0):
                problems.append(f"a mark in {paint.color}, not registration, on page {f.number}")
    if problems:
        return Check("crop marks", FAIL, "; ".join(dict.fromkeys(problems)))
    if not total:
        return Check("crop marks", PASS, "none")
    return Check("crop marks", PASS, f"{total // len(facts)} per page, registration colour, outside the BleedBox")
