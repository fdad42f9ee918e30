"""The fast packer chooses exactly what the reference packer (the one before the speed work) chose:
same cost, same placements — and of layouts that cost the same, the same one."""
from __future__ import annotations

import shutil

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import layout.pages.paginate as paginate
import reference_packer
from layout.build import compose
from layout.pages.packer import Variant, pack

from conftest import ROOT, SAMPLE, STYLES

# few distinct costs, mostly nothing, on small pages: many layouts cost the same, so the choice
# among equals (the first found stays) is what is tested
COSTS = st.sampled_from([0.0, 0.0, 0.0, 1.0, 6.0, 12.0])


@st.composite
def pages(draw):
    columns = draw(st.integers(1, 4))
    lines = draw(st.integers(3, 12))
    n = draw(st.integers(1, 6))
    variants = []
    for index in range(n):
        offered = []
        for _ in range(draw(st.integers(0, 8))):
            span = draw(st.integers(1, columns))
            height = draw(st.integers(1, lines + 1))
            band = draw(st.one_of(st.none(), st.integers(1, 4).map(lambda d: (0, d))))
            offered.append(Variant(index, span, height, draw(COSTS), band, draw(st.integers(0, 2)),
                                   draw(st.integers(0, 30)), draw(st.booleans())))
        variants.append(offered)
    return variants, columns, lines


def _same(variants, columns, lines):
    fast, slow = pack(variants, columns, lines), reference_packer.pack(variants, columns, lines)
    assert (fast is None) == (slow is None)
    if fast is not None:
        assert fast[0] == slow[0] and fast[2] == slow[2]
        assert fast[1] == slow[1]


@settings(max_examples=500, deadline=None)
@given(pages())
def test_pack_matches_the_reference(page):
    _same(*page)


@pytest.mark.parametrize("styles", [STYLES, ROOT / "bench" / "styles-duikai.yaml"], ids=["sikai", "duikai"])
def test_pack_matches_the_reference_on_the_sample(monkeypatch, styles):
    """The variants the sample's pages really offer (hundreds per item, many of equal cost),
    on the 四开 and the 对开 grid."""
    calls = []

    def recording_pack(variants, columns, lines):
        calls.append((variants, columns, lines))
        return pack(variants, columns, lines)

    monkeypatch.setattr(paginate, "pack", recording_pack)
    compose(SAMPLE, styles)
    assert calls
    for call in calls:
        _same(*call)


def test_pack_matches_the_reference_around_a_pinned_module(monkeypatch, tmp_path):
    """A pinned module: the rest is packed into the rectangles around it, split every way
    (each run of items in each rectangle packed once)."""
    edition = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    for article in edition["articles"]:
        if article["id"] == "huangzuying-landslide":
            article["position"] = {"column": 3, "line": 50}
    path = tmp_path / "pinned.yaml"
    path.write_text(yaml.safe_dump(edition, allow_unicode=True), encoding="utf-8")
    shutil.copytree(SAMPLE.parent / "images", tmp_path / "images")
    calls = []

    def recording_pack(variants, columns, lines):
        calls.append((variants, columns, lines))
        return pack(variants, columns, lines)

    monkeypatch.setattr(paginate, "pack", recording_pack)
    pages = compose(path, STYLES)[3].layout.pages
    # the pin's line counts from the top of the modules' area, below page 1's masthead
    assert any(m.article_id == "huangzuying-landslide" and (m.col, m.top_line) == (2, paginate.MASTHEAD_LINES + 50)
               for m in pages[0].modules)
    assert len(calls) > 2
    for call in calls:
        _same(*call)
