"""Generate the stand-in for the photo 工业互联网产业生态园 (not in the source dump).

Flat grey factory buildings on a light sky, drawn with Pillow only (no fonts, no randomness),
directly in CMYK (greys in the K channel only, the sky a light cyan tint; total ink well under
240 %), saved as a 1500 x 1000 px CMYK JPEG at quality 85. The flat geometric shapes keep it
recognisable as a placeholder. Run from anywhere:

    python editions/images/make_standin.py
"""
from pathlib import Path

from PIL import Image, ImageDraw

W, H = 1500, 1000
OUT = Path(__file__).resolve().parent / "industrial-park.jpg"

# CMYK tuples, 0-255 per channel
SKY = (26, 8, 0, 0)
GROUND = (0, 0, 8, 84)
FAR = (8, 2, 0, 64)
ROAD = (0, 0, 0, 132)
GREYS = [(0, 0, 0, 160), (0, 0, 0, 140), (0, 0, 0, 118), (0, 0, 0, 100), (0, 0, 0, 150)]
WINDOW = (18, 6, 0, 36)


def draw() -> Image.Image:
    im = Image.new("CMYK", (W, H), SKY)
    d = ImageDraw.Draw(im)
    horizon = 700
    # distant row of low blocks
    for i, x in enumerate(range(-40, W, 170)):
        top = horizon - 330 - (i * 37) % 90
        d.rectangle([x, top, x + 150, horizon], fill=FAR)
    # chimneys
    for x, top in ((260, 250), (330, 300), (1120, 230)):
        d.rectangle([x, top, x + 34, horizon], fill=GREYS[0])
        d.rectangle([x, top + 30, x + 34, top + 44], fill=WINDOW)
    # main halls with saw-tooth roofs and window bands
    halls = ((60, 470, 520), (560, 430, 420), (1010, 500, 440))
    for n, (x, top, width) in enumerate(halls):
        grey = GREYS[(n + 1) % len(GREYS)]
        d.rectangle([x, top, x + width, horizon], fill=grey)
        teeth = 5
        step = width / teeth
        for t in range(teeth):
            x0 = x + t * step
            d.polygon([(x0, top), (x0 + step, top), (x0 + step, top - 60)], fill=grey)
        for row in range(3):
            y = top + 40 + row * 70
            if y + 34 > horizon - 16:
                break
            for col in range(int(width // 60)):
                wx = x + 20 + col * 60
                d.rectangle([wx, y, wx + 36, y + 34], fill=WINDOW)
    # an office tower
    d.rectangle([880, 300, 1000, horizon], fill=GREYS[4])
    for row in range(11):
        d.rectangle([895, 320 + row * 34, 985, 338 + row * 34], fill=WINDOW)
    # ground and road
    d.rectangle([0, horizon, W, H], fill=GROUND)
    d.rectangle([0, 820, W, 880], fill=ROAD)
    for x in range(0, W, 120):
        d.rectangle([x + 20, 846, x + 80, 854], fill=WINDOW)
    return im


def main() -> None:
    draw().save(OUT, "JPEG", quality=85, optimize=False, progressive=False)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
