"""What the editor wrote: the edition file as validated, frozen models."""
from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator, model_validator

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Subhead(_Model):
    subhead: str = Field(min_length=1, description="小标题, set on whole lines")


class Turn(_Model):
    speaker: str = Field(min_length=1, description="interview speaker label, without the colon")
    text: str = Field(min_length=1)


Paragraph = str | Subhead | Turn


class Image(_Model):
    path: str = Field(description="image file, relative to the edition file")
    caption: str | None = None
    credit: str | None = None


class Position(_Model):
    """Where a module is pinned: its first column (1 = leftmost) and first body line (0 = top)."""

    column: PositiveInt
    line: int = Field(0, ge=0)


class Article(_Model):
    id: str = Field(description="unique id: lowercase ascii letters, digits and '-'")
    priority: PositiveInt = Field(description="1 = most important of the edition")
    kind: Literal["article", "promo"] = "article"
    column_label: str | None = Field(None, description="栏目, e.g. 抓落实 系列访谈")
    kicker: str | None = Field(None, description="引题")
    headline: str | None = Field(None, description="主题")
    deck: str | None = Field(None, description="副题")
    byline: str | None = Field(None, description="run-in dateline/byline, e.g. 本报讯（记者 ×××）")
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
    publisher: str | None = Field(None, description="主办")
    cn_number: str | None = Field(None, description="国内统一连续出版物号, e.g. CN50-0000")
    postal_code: str | None = Field(None, description="邮发代号")
    issue_number: int | None = Field(None, ge=0, description="第N期")
    total_issue: int | None = Field(None, ge=0, description="总第N期")
    placeholders: tuple[str, ...] = Field((), description="fields whose values are placeholders")


class PageSpec(_Model):
    number: PositiveInt
    section: str = Field(description="版名, e.g. 要闻")
    editor: str | None = Field(None, description="责任编辑")
    articles: tuple[str, ...] = Field(description="article ids in order of importance; first = lead")


class Edition(_Model):
    paper: str
    date: dt.date
    masthead: Masthead = Masthead()
    pages: tuple[PageSpec, ...] = Field(min_length=1)
    articles: tuple[Article, ...] = Field(min_length=1)

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)
