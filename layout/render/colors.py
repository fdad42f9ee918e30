"""Print colour: K-only black, total ink, and images made printable (CMYK or Gray, no alpha)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from layout.boxes import CMYK

if TYPE_CHECKING:
    from PIL import Image


def is_k_only(color: CMYK | None) -> bool:
    """Black or grey printed with the K plate alone: these overprint (no knock-out, no misregistration)."""
    return color is not None and color[0] == color[1] == color[2] == 0 and color[3] > 0


def ink(color: CMYK) -> float:
    """Total area coverage in percent."""
    return 100 * sum(color)


def within_ink_limit(im: "Image.Image", ink_limit: float) -> bool:
    """Every pixel of a CMYK (or grey) picture within ``ink_limit`` %, exactly.

    A quick bound first, with Pillow alone: halving sums of the four plates give q with
    4q ≤ C+M+Y+K ≤ 4q + 4 per pixel. Only a picture within 4 levels of the limit needs the
    exact sum (numpy, which costs ≈50 ms to import)."""
    if im.mode == "L":
        return ink_limit >= 100
    if im.mode != "CMYK":
        return False
    from PIL import ImageChops

    limit = ink_limit * 2.55 + 1e-6
    c, m, y, k = im.split()
    quarter = ImageChops.add(ImageChops.add(c, m, scale=2.0), ImageChops.add(y, k, scale=2.0), scale=2.0)
    q = quarter.getextrema()[1]
    if 4 * q + 4 <= limit:
        return True
    if 4 * q > limit:
        return False
    import numpy as np

    pixels = np.asarray(im).reshape(-1, 4).astype(np.uint16)
    return int((pixels[:, 0] + pixels[:, 1] + pixels[:, 2] + pixels[:, 3]).max()) <= limit


def printable(im: Image.Image, ink_limit: float) -> Image.Image:
    """``im`` as DeviceGray or DeviceCMYK pixels, flattened onto white paper, within ``ink_limit`` %.

    RGB goes through a simple full-GCR separation (K carries the grey component, C/M/Y the rest,
    then C/M/Y are scaled down where the total exceeds the limit). It is not an ICC conversion:
    for colour-critical work, separate the photo with the printer's profile before placing it.
    """
    import numpy as np  # only for pictures (≈50 ms to import)
    from PIL import Image
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(paper, rgba).convert("RGB")
    if im.mode in ("1", "I;16", "I", "F"):
        im = im.convert("L")
    if im.mode == "L":
        return im
    if im.mode == "CMYK":
        if within_ink_limit(im, ink_limit):
            return im  # already printable: no float copy of the whole picture
        cmyk = np.asarray(im).astype(np.float32) / 255.0
    else:
        rgb = np.asarray(im.convert("RGB"), dtype=np.float32) / 255.0
        cmy = 1.0 - rgb
        k = cmy.min(axis=2, keepdims=True)
        cmy = np.where(k < 1.0, (cmy - k) / np.maximum(1.0 - k, 1e-6), 0.0)
        cmy *= 1.0 - k  # grey component replacement: keep the colour, move the grey to K
        cmyk = np.concatenate([cmy, k], axis=2)
    limit = ink_limit / 100.0
    total = cmyk.sum(axis=2, keepdims=True)
    over = total > limit
    if over.any():
        k = cmyk[..., 3:4]
        cmy = cmyk[..., :3]
        scale = np.where(over, np.clip(limit - k, 0, None) / np.maximum(cmy.sum(axis=2, keepdims=True), 1e-6), 1.0)
        cmyk = np.concatenate([cmy * np.minimum(scale, 1.0), k], axis=2)
    data = np.floor(cmyk * 255.0 + 1e-4).clip(0, 255).astype(np.uint8)
    return Image.fromarray(data, mode="CMYK")
