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
        pixels = np.asarray(im)
        if int(pixels.sum(axis=2, dtype=np.uint16).max()) <= ink_limit * 2.55 + 1e-6:
            return im  # already printable: no float copy of the whole picture
        cmyk = pixels.astype(np.float32) / 255.0
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
