"""A Typst document of the same edition, for the speed comparison in bench/run.py.

The document is "hand-laid" the way the issue's anchor is (Typst setting a two-page 四开
version of the sample by hand): the geometry comes from layout's own page composition
(where each module, image, rule and heading sits), and Typst does the work a typesetter
does on such a page — it breaks and justifies all body text itself, in the same fonts
(given by file through ``font_paths``), at the same measures (each module's body is a block
of the module's size split into its legs with ``columns``), embeds the photo and the fonts
and writes the PDF. Headings, captions and page furniture are placed with the line breaks
layout chose, as a hand-laid page would have them.

So the comparison is: layout's whole build (load, fonts, text, page composition, PDF) vs.
Typst's compile of a page whose placement was already decided (parse, fonts, text, PDF).
"""
from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTFont

from layout.boxes import FrameBox, ImageBox, RuleBox, TextBlock
from layout.models import Subhead, Turn

HEAD_ROLES_CENTRED = {"kicker", "headline", "deck", "subhead", "promo_title", "promo_text"}


def _s(text: str) -> str:
    """A Typst string literal (in markup: #"..."): no markup character can misfire."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _cmyk(color) -> str:
    c, m, y, k = color
    return f"cmyk({c * 100:.0f}%, {m * 100:.0f}%, {y * 100:.0f}%, {k * 100:.0f}%)"


def _pt(v: float) -> str:
    return f"{v:.2f}pt"


class FontNames:
    """reportlab font name (as in the layout's glyph runs) → Typst family and weight."""

    def __init__(self, fonts):
        self.map: dict[str, tuple[str, int]] = {}
        self.files: list[Path] = []
        for metrics in fonts.fonts.values():
            if metrics.name in self.map:
                continue
            tt = TTFont(str(metrics.path), lazy=True)
            names = tt["name"]
            family = names.getDebugName(16) or names.getDebugName(1)
            weight = tt["OS/2"].usWeightClass
            tt.close()
            self.map[metrics.name] = (family, weight)
            self.files.append(metrics.path)

    def args(self, name: str) -> str:
        family, weight = self.map[name]
        return f"font: {_s(family)}, weight: {weight}"


def _body_parts(article, jumps) -> dict[int, list]:
    """The article's paragraphs split into part 0 / part 1 by the jump's character count."""
    paras = []
    for n, para in enumerate(article.body):
        if isinstance(para, Subhead):
            paras.append(("subhead", None, para.subhead))
        elif isinstance(para, Turn):
            paras.append(("turn", para.speaker + "：", para.text))
        else:
            run_in = article.byline if n == 0 and article.byline else None
            paras.append(("para", run_in, para))
    jump = next((j for j in jumps if j.article_id == article.id), None)
    if jump is None:
        return {0: paras, 1: []}
    first, rest, count = [], [], 0
    for kind, run_in, text in paras:
        size = len(run_in or "") + len(text)
        if count >= jump.chars_before:
            rest.append((kind, run_in, text))
        elif count + size <= jump.chars_before:
            first.append((kind, run_in, text))
        else:  # split inside the paragraph; the continuation has no indent in print either
            cut = max(0, jump.chars_before - count - len(run_in or ""))
            first.append((kind, run_in, text[:cut]))
            rest.append(("cont", None, text[cut:]))
        count += size
    return {0: first, 1: rest}


def _body_markup(paras, names: FontNames, ts, promo: bool) -> list[str]:
    hei = names.args(ts.fonts[ts.styles.styles["byline"].font].name)
    out = []
    for kind, run_in, text in paras:
        if not text:
            continue
        if kind == "subhead":
            st = ts.styles.styles["subhead"]
            out.append(f"#align(center, text({names.args(ts.fonts[st.font].name)}, "
                       f"size: {_pt(st.size_pt)})[#{_s(text)}])")
        elif promo:
            st = ts.styles.styles["promo_text"]
            out.append(f"#align(center, text({names.args(ts.fonts[st.font].name)}, "
                       f"size: {_pt(st.size_pt)})[#{_s(text)}])")
        elif kind == "cont":
            out.append(f"#par(first-line-indent: 0pt)[#{_s(text)}]")
        else:
            lead = f"#text({hei})[#{_s(run_in)}]" if run_in else ""
            out.append(f"{lead}#{_s(text)}")
        out.append("")
    return out


def _text_block(block: TextBlock, names: FontNames, styles, dx: float) -> str:
    runs = [run for line in block.lines for run in line.runs]
    if not runs:
        return ""
    first = runs[0]
    style = styles.styles.get(block.role)
    align = style.align if style else "left"
    align = {"justify": "left"}.get(align, align)
    if block.role in HEAD_ROLES_CENTRED:
        align = "center"
    lh = block.h / max(1, len(block.lines))
    leading = max(0.0, lh - first.size)
    lines = " \\ ".join(f"#{_s(line.text)}" for line in block.lines)
    return (f"#place(top + left, dx: {_pt(block.x + dx)}, dy: {_pt(block.y + dx)}, "
            f"block(width: {_pt(block.w)})[#set par(justify: false, leading: {_pt(leading)}, "
            f"first-line-indent: 0pt); #set text({names.args(first.font)}, size: {_pt(first.size)}, "
            f"fill: {_cmyk(first.color)}); #align({align})[{lines}]])")


def typst_source(loaded, styles, fonts, result, ts) -> str:
    """The .typ text; images are referenced by absolute path (compile with root='/')."""
    names = FontNames(fonts)
    layout = result.layout
    body = styles.styles["body"]
    pitch = styles.grid.line_pitch_pt
    first = layout.pages[0]
    b = first.bleed
    out = [
        f"// generated by bench/typst_source.py from {loaded.path.name}: {len(layout.pages)} pages",
        f"#set page(width: {_pt(first.width + 2 * b)}, height: {_pt(first.height + 2 * b)}, margin: 0pt)",
        f"#set text({names.args(fonts[body.font].name)}, size: {_pt(body.size_pt)}, lang: \"zh\", "
        f"region: \"cn\", top-edge: 0.88em, bottom-edge: -0.12em, fill: cmyk(0%, 0%, 0%, 100%))",
        f"#set par(justify: true, leading: {_pt(pitch - body.size_pt)}, spacing: {_pt(pitch - body.size_pt)}, "
        f"first-line-indent: (amount: {styles.text.indent_em}em, all: true))",
        "",
    ]
    parts = {}
    for n, page in enumerate(layout.pages):
        if n:
            out.append("#pagebreak()")
        for module in page.modules:
            article = loaded.edition.article(module.article_id)
            if article.id not in parts:
                parts[article.id] = _body_parts(article, layout.jumps)
            body_blocks = [bx for bx in module.boxes if isinstance(bx, TextBlock) and bx.role == "body"]
            for bx in module.boxes:
                if isinstance(bx, TextBlock) and bx.role != "body":
                    out.append(_text_block(bx, names, styles, b))
                elif isinstance(bx, ImageBox):
                    out.append(f"#place(top + left, dx: {_pt(bx.x + b)}, dy: {_pt(bx.y + b)}, "
                               f"image({_s(str(Path(bx.path).resolve()))}, width: {_pt(bx.w)}, "
                               f"height: {_pt(bx.h)}, fit: \"cover\"))")
                elif isinstance(bx, FrameBox):
                    out.append(_frame(bx, b))
            if not body_blocks:
                continue
            promo = article.kind == "promo"
            top = min(bx.y for bx in body_blocks)
            bottom = max(bx.y + bx.h for bx in body_blocks)
            x = min(bx.x for bx in body_blocks)
            legs = 1 if promo else module.span
            width = module.w - (2 * (body_blocks[0].x - module.x) if promo else 0)
            text = _body_markup(parts[article.id][module.part], names, ts, promo)
            jump_style = styles.styles["jump_line"]
            jfont = names.args(fonts[jump_style.font].name)
            if module.part == 1:
                jl = next((j for j in layout.jumps if j.article_id == article.id), None)
                if jl:
                    text.insert(0, f"#align(left, text({jfont})[#{_s(f'（上接第{jl.from_page}版）')}])\n")
            elif any(j.article_id == article.id and j.from_page == page.number for j in layout.jumps):
                jl = next(j for j in layout.jumps if j.article_id == article.id)
                text.append(f"#align(right, text({jfont})[#{_s(f'（下转第{jl.to_page}版）')}])")
            out.append(f"#place(top + left, dx: {_pt(x + b)}, dy: {_pt(top + b)}, "
                       f"block(width: {_pt(width)}, height: {_pt(bottom - top)})[")
            out.append(f"#columns({legs}, gutter: {_pt(ts.grid.gutter)})[" if legs > 1 else "[")
            out += text
            out.append("]])")
        for bx in page.furniture:
            if isinstance(bx, TextBlock):
                out.append(_text_block(bx, names, styles, b))
            elif isinstance(bx, RuleBox):
                out.append(_rule(bx, b))
            elif isinstance(bx, FrameBox):
                out.append(_frame(bx, b))
    return "\n".join(out) + "\n"


def _rule(r: RuleBox, b: float) -> str:
    return (f"#place(top + left, line(start: ({_pt(r.x1 + b)}, {_pt(r.y1 + b)}), "
            f"end: ({_pt(r.x2 + b)}, {_pt(r.y2 + b)}), stroke: {_pt(r.weight)} + {_cmyk(r.color)}))")


def _frame(f: FrameBox, b: float) -> str:
    stroke = f"{_pt(f.weight)} + {_cmyk(f.stroke)}" if f.stroke is not None else "none"
    fill = _cmyk(f.fill) if f.fill is not None else "none"
    return (f"#place(top + left, dx: {_pt(f.x + b)}, dy: {_pt(f.y + b)}, "
            f"rect(width: {_pt(f.w)}, height: {_pt(f.h)}, stroke: {stroke}, fill: {fill}))")
