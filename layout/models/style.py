"""The paper's design (styles.yaml) as validated, frozen models.

Units are the ones a layout editor uses: mm for the page, pt for type, em for spacing
inside text, columns and body lines for the grid. Conversion to pt happens in the stages.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, PositiveInt, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Size(_Model):
    width: PositiveFloat
    height: PositiveFloat


class Margins(_Model):
    top: float = Field(ge=0)
    bottom: float = Field(ge=0)
    left: float = Field(ge=0)
    right: float = Field(ge=0)


class PageFormat(_Model):
    name: str = Field("四开", description="trade name of the format, for reports")
    trim_mm: Size = Field(description="trimmed page size (成品尺寸)")
    bleed_mm: float = Field(3, ge=0, description="bleed beyond the trim on every side (出血)")
    margins_mm: Margins = Field(description="trim edge to type area (版心); the grid is centred horizontally")


class GridSpec(_Model):
    columns: PositiveInt = Field(description="basic columns (基本栏)")
    column_chars: PositiveInt = Field(description="body characters per basic column")
    gutter_em: float = Field(1, ge=0, description="gutter (栏空) in body ems")
    body_size_pt: PositiveFloat = Field(description="body type size (五号 10.5, 小五 9)")
    line_pitch_pt: PositiveFloat = Field(description="baseline to baseline of body lines")


class TextRules(_Model):
    indent_em: float = Field(2, ge=0, description="first-line indent of body paragraphs")
    kinsoku: Literal["basic", "gb", "strict"] = Field(
        "gb", description="避头尾 level (clreq §3.1.4): basic, gb (basic + solidus), strict (+ —— ……)")
    punctuation: Literal["quanjiao", "kaiming", "banjiao"] = Field(
        "quanjiao", description="标点挤压 scheme: 全角 / 开明 / 半角")
    han_latin_space_em: float = Field(0.25, ge=0.125, le=0.5,
                                      description="space between Han and Latin/digits")


class TextStyle(_Model):
    font: str = Field(description="a key of `fonts`")
    size_pt: PositiveFloat
    color: str = Field("black", description="a key of `colors`")
    align: Literal["justify", "left", "center", "right"] = "justify"
    leading: float = Field(1.25, ge=1.0, le=3.0,
                           description="line height as a multiple of the size, before rounding up to whole body lines")
    fallback: tuple[str, ...] = Field((), description="font keys tried in order for characters `font` lacks")


class LadderStep(_Model):
    rank: PositiveInt = Field(description="position on the page by importance (1 = lead)")
    size_pt: PositiveFloat
    span: PositiveInt = Field(description="columns the article spans by default")


class Rules(_Model):
    module_pt: PositiveFloat = Field(0.5, description="rule between modules")
    header_pt: PositiveFloat = Field(1.0, description="rule under the page header (眉线)")
    masthead_pt: PositiveFloat = Field(1.5, description="rule under the masthead")
    box_pt: PositiveFloat = Field(0.75, description="frame of boxed items")
    space_lines: PositiveInt = Field(1, description="body lines between stacked modules")


class PrintSpec(_Model):
    """What the print shop receives: PDF/X-1a:2001 for a newsprint output condition."""

    output_condition: str = Field("IFRA26", description="registered OutputConditionIdentifier")
    output_condition_info: str = Field(
        "ISO 12647-3:2013 coldset offset on newsprint, 26 % TVI (IFRA26, ISOnewspaper26v4)",
        description="human-readable output condition")
    registry: str = Field("http://www.color.org", description="registry of the output condition")
    ink_limit_pct: float = Field(240, gt=0, le=400, description="total area coverage (TAC) limit, C+M+Y+K")
    min_ppi: float = Field(200, gt=0, description="lowest effective image resolution accepted")
    marks: bool = Field(False, description="draw crop marks (also `layout build --marks`)")
    mark_offset_mm: float = Field(2, ge=0, description="gap between the BleedBox and the crop marks")
    mark_length_mm: float = Field(5, gt=0, description="length of a crop mark")
    mark_weight_pt: float = Field(0.25, gt=0, description="line weight of the crop marks")


class ModuleRules(_Model):
    """Bounds the page composer keeps when it chooses module shapes."""

    min_leg_lines: PositiveInt = Field(6, description="shortest body leg (a brief may be shorter)")
    max_leg_lines: PositiveInt = Field(60, description="tallest body leg: deeper legs read as tall and thin")
    head_space_lines: int = Field(2, ge=0, description="extra lines a module may add around its heads to fill a page")
    min_jump_lines: PositiveInt = Field(4, description="body lines at least on each side of a jump")
    max_headline_lines: PositiveInt = Field(3, description="most lines a headline may take across the widest "
                                            "module at the ladder's smallest size (longer ones fail the build)")
    headline_grow: float = Field(1.4, ge=1.0, le=2.0,
                                 description="largest headline size as a multiple of the ladder's, to fill a page")


class Stylesheet(_Model):
    page: PageFormat
    grid: GridSpec
    fonts: dict[str, str] = Field(description="font key → TrueType file, relative to styles.yaml")
    text: TextRules = TextRules()
    colors: dict[str, tuple[float, float, float, float]] = Field(
        description="named CMYK colours in percent (C, M, Y, K)")
    styles: dict[Literal["body", "byline", "speaker", "subhead", "kicker", "headline", "deck",
                         "caption", "jump_line", "column_label", "masthead", "masthead_info",
                         "page_header", "folio", "promo_title", "promo_text"], TextStyle]
    headline_ladder: tuple[LadderStep, ...] = Field(min_length=1)
    continuation_headline_scale: float = Field(0.6, gt=0, le=1,
                                               description="size of the repeated headline on a jump page")
    rules: Rules = Rules()
    modules: ModuleRules = ModuleRules()
    print: PrintSpec = PrintSpec()

    @model_validator(mode="after")
    def _references(self) -> "Stylesheet":
        for role, style in self.styles.items():
            if style.font not in self.fonts:
                raise ValueError(f"style '{role}' uses unknown font '{style.font}'; "
                                 f"known fonts: {', '.join(sorted(self.fonts))}")
            for key in style.fallback:
                if key not in self.fonts:
                    raise ValueError(f"style '{role}' has unknown fallback font '{key}'; "
                                     f"known fonts: {', '.join(sorted(self.fonts))}")
            if style.color not in self.colors:
                raise ValueError(f"style '{role}' uses unknown colour '{style.color}'")
        for name, cmyk in self.colors.items():
            if any(not 0 <= v <= 100 for v in cmyk):
                raise ValueError(f"colour '{name}' must have C, M, Y, K between 0 and 100")
        missing = {"body", "headline", "caption", "jump_line"} - set(self.styles)
        if missing:
            raise ValueError("styles lacks " + ", ".join(sorted(missing)))
        return self

    def ladder_step(self, rank: int) -> LadderStep:
        steps = sorted(self.headline_ladder, key=lambda s: s.rank)
        chosen = steps[0]
        for step in steps:
            if step.rank <= rank:
                chosen = step
        return chosen
