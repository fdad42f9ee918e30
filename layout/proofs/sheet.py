"""Proofs: each page of the written PDF as a PNG (cut to the trim) and ``index.html``, a proof
sheet with the pages side by side, an optional overlay of the module boxes with article ids,
each page's fill, the build's warnings and the preflight table. No system packages: pypdfium2.
"""
from __future__ import annotations

import html
from pathlib import Path

import pypdfium2 as pdfium

from layout.boxes import Page


def page_fill(page: Page) -> float:
    """Share of the page's module area covered by modules (see Page.fill)."""
    return page.fill


def render_pages(pdf_path: Path, folder: Path, stem: str, dpi: float, write_atomically) -> list[Path]:
    """One PNG per page, the TrimBox only, named STEM-01.png …"""
    out: list[Path] = []
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        scale = dpi / 72.0
        for index in range(len(doc)):
            page = doc[index]
            left, bottom, right, top = page.get_trimbox()
            _, _, media_w, media_h = page.get_mediabox()
            image = page.render(scale=scale, may_draw_forms=False).to_pil()
            crop = (round(left * scale), round((media_h - top) * scale),
                    round(right * scale), round((media_h - bottom) * scale))
            image = image.crop(crop).convert("RGB")
            target = folder / f"{stem}-{index + 1:02d}.png"
            write_atomically(target, lambda tmp, im=image: im.save(tmp, format="PNG"))
            out.append(target)
            page.close()
    finally:
        doc.close()
    return out


def write_proofs(result, folder: Path, dpi: float = 100) -> Path:
    """PNG pages and index.html in ``folder`` for a BuildResult; returns the sheet's path."""
    from layout.build import write_atomically

    stem = result.pdf.stem
    pngs = render_pages(result.pdf, folder, stem, dpi, write_atomically)
    sheet = folder / "index.html"
    text = proof_sheet(result, [p.name for p in pngs])
    write_atomically(sheet, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return sheet


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; margin: 16px; background: #e8e8e8; color: #222; }
h1 { font-size: 20px; margin: 0 0 8px; }
.controls { margin: 8px 0 12px; }
.pages { display: flex; flex-wrap: nowrap; gap: 16px; align-items: flex-start; overflow-x: auto; }
figure.page { margin: 0; flex: 0 0 auto; width: min(46vw, 620px); }
.sheet { position: relative; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.4); }
.sheet img { display: block; width: 100%; height: auto; }
.sheet svg.overlay { position: absolute; inset: 0; width: 100%; height: 100%; display: none; }
#overlay:checked ~ .pages svg.overlay { display: block; }
svg.overlay rect { fill: rgba(0, 120, 255, .08); stroke: #0a6cff; stroke-width: 1.5; }
svg.overlay rect.cont { stroke-dasharray: 6 4; }
svg.overlay text { font-size: 11px; fill: #0a4cc0; font-family: sans-serif; }
figcaption { font-size: 14px; padding: 6px 2px; }
.fill { font-weight: bold; }
.warnings li { color: #8a4b00; }
table.preflight { border-collapse: collapse; font-size: 13px; }
table.preflight td { border-bottom: 1px solid #ccc; padding: 2px 8px; }
td.pass { color: #176b17; } td.warn { color: #8a4b00; } td.fail { color: #b00000; font-weight: bold; }
"""


def proof_sheet(result, png_names: list[str]) -> str:
    layout = result.layout
    e = html.escape
    parts = ["<!doctype html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
             f"<title>{e(layout.title)} proofs</title><style>{_CSS}</style></head><body>",
             f"<h1>{e(layout.title)} — proofs</h1>",
             '<input type="checkbox" id="overlay" checked><label for="overlay"> show module boxes and article ids</label>',
             '<div class="pages">']
    for page, png in zip(layout.pages, png_names):
        fill = page_fill(page)
        parts.append(f'<figure class="page" id="page-{page.number}" data-page="{page.number}" '
                     f'data-fill="{fill:.3f}"><div class="sheet">')
        parts.append(f'<img src="{e(png)}" alt="page {page.number}">')
        parts.append(f'<svg class="overlay" viewBox="0 0 {page.width:.2f} {page.height:.2f}" '
                     'preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">')
        for module in page.modules:
            label = module.article_id + ("（续）" if module.part else "")
            cls = ' class="cont"' if module.part else ""
            parts.append(f'<g data-article="{e(module.article_id)}"><rect{cls} x="{module.x:.2f}" y="{module.y:.2f}" '
                         f'width="{module.w:.2f}" height="{module.h:.2f}"/>'
                         f'<text x="{module.x + 3:.2f}" y="{module.y + 12:.2f}">{e(label)}</text></g>')
        parts.append("</svg></div>")
        ids = ", ".join(m.article_id + ("（续）" if m.part else "") for m in page.modules)
        parts.append(f'<figcaption>第{page.number}版 · <span class="fill">fill {fill:.0%}</span> · '
                     f"{len(page.modules)} modules: {e(ids)}</figcaption></figure>")
    parts.append("</div>")
    parts.append(f'<h2>Warnings ({len(result.diagnostics)})</h2><ul class="warnings">')
    parts += [f"<li>{e(str(d))}</li>" for d in result.diagnostics] or ["<li>none</li>"]
    parts.append("</ul>")
    if layout.jumps:
        parts.append("<h2>Jumps</h2><ul>")
        parts += [f"<li>{e(j.article_id)}: page {j.from_page} → page {j.to_page}</li>" for j in layout.jumps]
        parts.append("</ul>")
    report = getattr(result, "preflight", None)
    if report is not None:
        verdict = "passed" if report.ok else "FAILED"
        parts.append(f'<h2>Preflight: {verdict}</h2><table class="preflight">')
        parts += [f'<tr><td>{e(c.name)}</td><td class="{c.status}">{c.status}</td><td>{e(c.detail)}</td></tr>'
                  for c in report.checks]
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
