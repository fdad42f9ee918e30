"""Make larger editions for the benchmark from the sample edition's text.

    python bench/generate.py [--out out/bench] [--pages 8 16 48] [--styles 四开|对开|both]

Each generated edition reuses the sample's paragraphs (shuffled with a fixed seed, so the
files are the same on every run), headlines, kickers, decks, bylines, interview turns and
the sample photo, in articles of varied length. Pages are filled one at a time with the
page composer itself (``layout.pages.compose_edition`` on a one-page trial edition): an
article is kept only if the page still composes without FitError, shorter articles are
tried when a long one does not fit, and a page is closed when its fill reaches FILL_TARGET
or nothing more fits. Every generated edition therefore builds with the current composer;
the fill each page reached is written next to the edition (``*.fill.txt``) and returned.

Generated files go to ``out/bench/`` (ignored by git); the photo is copied next to them.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout this file is in, not whatever `layout` is installed

from layout.errors import FitError  # noqa: E402
from layout.fonts import load_fonts  # noqa: E402
from layout.models import Edition, LoadedEdition, load_edition, load_styles  # noqa: E402
from layout.pages import compose_edition  # noqa: E402

SAMPLE = ROOT / "editions" / "2022-04-04.yaml"
STYLES = {"sikai": ROOT / "styles.yaml", "duikai": ROOT / "bench" / "styles-duikai.yaml"}
STYLE_NAMES = {"sikai": "四开", "duikai": "对开"}
DEFAULT_OUT = ROOT / "out" / "bench"
SEED = 20220404
FILL_TARGET = 0.88      # close a page once its modules cover this much of the type area
MAX_ARTICLES = {"sikai": 9, "duikai": 16}   # per page
SECTIONS = ["要闻", "综合", "经济", "民生", "文化", "社会", "专题", "副刊"]


@dataclass
class Generated:
    path: Path
    styles: Path
    pages: int
    articles: int
    characters: int
    images: int
    fill: list[float]

    @property
    def mean_fill(self) -> float:
        return sum(self.fill) / len(self.fill)


class TextPool:
    """The sample's text, dealt out in a fixed pseudo-random order."""

    def __init__(self, sample: Edition, seed: int):
        self.rng = random.Random(seed)
        self.paragraphs: list = []
        self.turns: list = []
        self.heads: list[dict] = []
        self.bylines = sorted({a.byline for a in sample.articles if a.byline})
        for art in sample.articles:
            if art.kind == "promo":
                continue
            head = {k: getattr(art, k) for k in ("kicker", "headline", "deck") if getattr(art, k)}
            if "headline" in head:
                self.heads.append(head)
            for para in art.body:
                if isinstance(para, str):
                    self.paragraphs.append(para)
                elif hasattr(para, "speaker"):
                    self.turns.append({"speaker": para.speaker, "text": para.text})
                else:
                    self.paragraphs.append({"subhead": para.subhead})
        self.captions = [im.caption for a in sample.articles for im in a.images if im.caption]
        self._deck: list = []

    def paragraph(self):
        if not self._deck:
            self._deck = list(self.paragraphs)
            self.rng.shuffle(self._deck)
        return self._deck.pop()

    def body(self, n: int) -> list:
        out = []
        while len(out) < n:
            para = self.paragraph()
            if isinstance(para, dict) and (not out or len(out) == n - 1):
                continue  # a subhead neither opens nor ends an article
            out.append(para)
        return out


def _article(pool: TextPool, art_id: str, priority: int, n_paras: int, *, image: bool,
             interview: bool) -> dict:
    rng = pool.rng
    head = dict(rng.choice(pool.heads))
    if rng.random() < 0.5:
        head.pop("kicker", None)
    art: dict = {"id": art_id, "priority": priority, **head}
    if rng.random() < 0.8:
        art["byline"] = rng.choice(pool.bylines)
    if image:
        art["images"] = [{"path": "images/industrial-park.jpg",
                          "caption": rng.choice(pool.captions) if pool.captions else "图片说明。"}]
    body = pool.body(n_paras)
    if interview and pool.turns:
        start = rng.randrange(0, max(1, len(pool.turns) - 3))
        body += pool.turns[start:start + 4]
    art["body"] = body
    return art


def _trial(page_no: int, specs: list[dict], articles: list[dict], loaded_sample: LoadedEdition,
           image_paths: dict, styles, fonts):
    """Compose one page alone (numbered as in the edition, so page 1 keeps its masthead)."""
    edition = Edition.model_validate({
        "paper": loaded_sample.edition.paper, "date": loaded_sample.edition.date,
        "masthead": loaded_sample.edition.masthead.model_dump(),
        "pages": [{"number": page_no, "section": "测试", "articles": [a["id"] for a in articles]}],
        "articles": articles})
    loaded = LoadedEdition(edition, loaded_sample.path, image_paths)
    result = compose_edition(loaded, styles, fonts)
    page = result.layout.pages[0]
    x, y, w, h = page.type_area
    return sum(m.w * m.h for m in page.modules) / (w * h)


def generate(pages: int, style: str = "sikai", out: Path = DEFAULT_OUT, seed: int = SEED) -> Generated:
    """Write ``out/bench-{style}-{pages}p.yaml`` and return what it holds."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "images").mkdir(exist_ok=True)
    photo = SAMPLE.parent / "images" / "industrial-park.jpg"
    shutil.copyfile(photo, out / "images" / photo.name)
    styles_path = STYLES[style]
    styles, font_files = load_styles(styles_path)
    fonts = load_fonts(font_files, styles_path)
    sample = load_edition(SAMPLE)
    image_paths = {"images/industrial-park.jpg": (out / "images" / photo.name).resolve()}
    pool = TextPool(sample.edition, seed + pages + (1000 if style == "duikai" else 0))
    rng = pool.rng

    all_articles: list[dict] = []
    page_specs: list[dict] = []
    fills: list[float] = []
    priority = 1
    for page_no in range(1, pages + 1):
        placed: list[dict] = []
        fill = 0.0
        misses = 0
        while fill < FILL_TARGET and len(placed) < MAX_ARTICLES[style] and misses < 4:
            art_id = f"p{page_no}-a{len(placed) + 1}"
            lead = not placed
            n_paras = rng.choice([2, 3, 4, 5, 6] if lead else [1, 2, 2, 3, 4])
            image = (lead and page_no % 2 == 0) or (not lead and rng.random() < 0.15)
            interview = not lead and rng.random() < 0.1
            candidate = _article(pool, art_id, priority, n_paras, image=image, interview=interview)
            kept = False
            while True:
                try:
                    fill_with = _trial(page_no, page_specs, placed + [candidate], sample,
                                       image_paths, styles, fonts)
                    placed.append(candidate)
                    fill, kept = fill_with, True
                    break
                except FitError:
                    # shorter: drop the interview, then paragraphs, then the image
                    body = candidate["body"]
                    if len(body) > 1:
                        candidate["body"] = body[:-1] if not isinstance(body[-2], dict) else body[:-2]
                    elif candidate.get("images"):
                        candidate.pop("images")
                    else:
                        break
            if kept:
                priority += 1
                misses = 0
            else:
                misses += 1
        if not placed:
            raise RuntimeError(f"page {page_no}: not even a one-paragraph article fits")
        fills.append(fill)
        all_articles += placed
        page_specs.append({"number": page_no, "section": SECTIONS[(page_no - 1) % len(SECTIONS)],
                           "editor": "编辑", "articles": [a["id"] for a in placed]})

    sm = sample.edition.masthead
    doc = {"paper": sample.edition.paper, "date": sample.edition.date.isoformat(),
           "masthead": sm.model_dump(exclude_none=True, mode="json"),
           "pages": page_specs, "articles": all_articles}
    path = out / f"bench-{style}-{pages}p.yaml"
    header = (f"# generated by bench/generate.py (seed {seed}): {pages} pages on the "
              f"{STYLE_NAMES[style]} style {styles_path.relative_to(ROOT)}; do not edit\n")
    path.write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")
    chars = sum(_chars(a) for a in all_articles)
    images = sum(len(a.get("images", [])) for a in all_articles)
    path.with_suffix(".fill.txt").write_text(
        "".join(f"page {n}: fill {f:.0%}\n" for n, f in enumerate(fills, 1)), encoding="utf-8")
    return Generated(path, styles_path, pages, len(all_articles), chars, images, fills)


def _chars(article: dict) -> int:
    n = 0
    for para in article["body"]:
        if isinstance(para, str):
            n += len(para)
        else:
            n += sum(len(v) for v in para.values())
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--pages", type=int, nargs="+", default=[8, 16, 48])
    parser.add_argument("--styles", choices=["sikai", "duikai", "both"], default="both")
    args = parser.parse_args(argv)
    styles = ["sikai", "duikai"] if args.styles == "both" else [args.styles]
    for style in styles:
        for pages in args.pages:
            g = generate(pages, style, args.out)
            print(f"{g.path}: {g.pages} pages, {g.articles} articles, {g.characters} body characters, "
                  f"{g.images} images, fill {min(g.fill):.0%}–{max(g.fill):.0%} (mean {g.mean_fill:.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
