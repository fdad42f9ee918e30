"""What the editor wrote: the edition file as validated, frozen models."""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, PositiveInt, field_validator, model_validator

from layout.models.text import Text

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Subhead(_Model):
    subhead: Text = Field(min_length=1, description="小标题, set on whole lines")


class Turn(_Model):
    speaker: Text = Field(min_length=1, description="interview speaker label, without the colon")
    text: Text = Field(min_length=1)


def _not_empty(value: str) -> str:
    if not value:
        raise ValueError("empty paragraph: write its text or delete the line")
    return value


def _paragraph_kind(value: object) -> str:
    """Which kind of paragraph a body item is: a string, a subhead or an interview turn."""
    if isinstance(value, dict):
        return "Subhead" if "subhead" in value else "Turn"
    if isinstance(value, (Subhead, Turn)):
        return type(value).__name__
    return "str"


Body = Annotated[Text, AfterValidator(_not_empty)]
Paragraph = Annotated[Union[Annotated[Body, Tag("str")], Annotated[Subhead, Tag("Subhead")],
                            Annotated[Turn, Tag("Turn")]], Discriminator(_paragraph_kind)]


class Image(_Model):
    path: str = Field(description="image file, relative to the edition file")
    caption: Text | None = None
    credit: Text | None = None


class Position(_Model):
    """Where a module is pinned: its first column (1 = leftmost) and first body line (0 = top)."""

    column: PositiveInt
    line: int = Field(0, ge=0)


class Article(_Model):
    id: str = Field(description="unique id: lowercase ascii letters, digits and '-'",
                    json_schema_extra={"pattern": ID_RE.pattern})
    priority: PositiveInt = Field(description="1 = most important of the edition")
    kind: Literal["article", "promo"] = "article"
    column_label: Text | None = Field(None, description="栏目, e.g. 抓落实 系列访谈")
    kicker: Text | None = Field(None, description="引题")
    headline: Text | None = Field(None, description="主题")
    deck: Text | None = Field(None, description="副题")
    byline: Text | None = Field(None, description="run-in dateline/byline, e.g. 本报讯（记者 ×××）")
    span: PositiveInt | None = Field(None, description="pin the number of columns")
    depth: PositiveInt | None = Field(None, description="pin the module's depth in body lines on its "
                                      "page; text beyond it jumps (needs jump_to)")
    position: Position | None = Field(None, description="pin the module's top-left corner on its page; "
                                      "the other modules are placed around it")
    jump_to: PositiveInt | None = Field(None, description="page where the overflow continues")
    images: tuple[Image, ...] = ()
    body: tuple[Paragraph, ...] = ()

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not ID_RE.match(value):
            raise ValueError("id must be lowercase ascii letters, digits and '-'")
        return value

    @model_validator(mode="after")
    def _has_head(self) -> "Article":
        if not (self.headline or self.column_label):
            raise ValueError("an article needs a headline (or a column_label)")
        if self.depth and not self.jump_to:
            raise ValueError("a pinned depth needs jump_to: the page where the rest continues")
        return self


class Masthead(_Model):
    publisher: Text | None = Field(None, description="主办")
    cn_number: Text | None = Field(None, description="国内统一连续出版物号, e.g. CN50-0000")
    postal_code: Text | None = Field(None, description="邮发代号")
    issue_number: int | None = Field(None, ge=0, description="第N期")
    total_issue: int | None = Field(None, ge=0, description="总第N期")
    placeholders: tuple[str, ...] = Field((), description="fields whose values are placeholders")


class PageSpec(_Model):
    number: PositiveInt
    section: Text = Field(description="版名, e.g. 要闻")
    editor: Text | None = Field(None, description="责任编辑")
    articles: tuple[str, ...] = Field(description="article ids in order of importance; first = lead")


class Edition(_Model):
    paper: Text = Field(description="the paper's name, printed in the masthead")
    date: dt.date
    masthead: Masthead = Masthead()
    pages: tuple[PageSpec, ...] = Field(min_length=1)
    articles: tuple[Article, ...] = Field(min_length=1)

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)
