"""The ink-limit test of a CMYK picture (layout/render/colors.py) is exact: the quick Pillow
bound never lets a picture over the limit pass, and never stops one within it."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from layout.render.colors import within_ink_limit


def _exact(im: Image.Image, limit: float) -> bool:
    return int(np.asarray(im).astype(np.int32).sum(axis=2).max()) <= limit * 2.55 + 1e-6


@settings(max_examples=300, deadline=None)
@given(pixels=st.lists(st.tuples(*[st.integers(0, 255)] * 4), min_size=1, max_size=12),
       limit=st.sampled_from([100, 180, 240, 260, 280, 300, 320, 400]), shift=st.integers(-6, 6))
def test_quick_bound_agrees_with_the_exact_sum(pixels, limit, shift):
    # bring the heaviest pixel near the limit, where the bound has to fall back to the exact sum
    heaviest = max(range(len(pixels)), key=lambda i: sum(pixels[i]))
    target = max(0, min(1020, int(limit * 2.55) + shift))
    total = sum(pixels[heaviest])
    if total:
        pixels[heaviest] = tuple(min(255, round(v * target / total)) for v in pixels[heaviest])
    im = Image.new("CMYK", (len(pixels), 1))
    im.putdata(pixels)
    assert within_ink_limit(im, limit) == _exact(im, limit)


def test_grey_is_within_any_limit_of_100_or_more_and_rgb_never_passes_as_is():
    assert within_ink_limit(Image.new("L", (4, 4), 0), 240)
    assert not within_ink_limit(Image.new("RGB", (4, 4)), 240)
