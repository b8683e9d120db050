"""Pictures for the demo products: one distinct 800×800 JPEG per product, drawn with Pillow.

Each category has a colour and a motif (coffee beans, batik, woven bamboo, fish...);
a per-product random generator moves, sizes and tints the motif so that a page of
product cards looks like a shop, not a wall of placeholders. No network, no assets,
about 30 ms a picture.
"""

from __future__ import annotations

import colorsys
import io
import math
import random
import re
import textwrap
from collections.abc import Sequence
from functools import cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .demo_data import CategorySpec

IMAGE_SIZE = 800
BAND_TOP = 560  # the title band below; motifs stay above it
MAX_IMAGE_BYTES = 60_000  # a page of 24 product cards should stay light on village 4G


def product_image_render(*, title: str, category: CategorySpec, index: int, seed: int) -> bytes:
    """An 800×800 JPEG: the category's colour and motif, varied per product, and the title."""
    rng = random.Random(seed * 100_000 + index)
    background = _shift(category.background, rng, 0.06)
    accent = _shift(category.accent, rng, 0.08)
    image = Image.new("RGB", (IMAGE_SIZE, IMAGE_SIZE), background)
    draw = ImageDraw.Draw(image)
    MOTIFS[category.motif](draw, rng, background, accent)
    # Softening the motif's edges anti-aliases them and keeps the JPEG small.
    image = image.filter(ImageFilter.GaussianBlur(1))
    draw = ImageDraw.Draw(image)

    draw.rectangle((0, BAND_TOP, IMAGE_SIZE, IMAGE_SIZE), fill=_mix(background, (0, 0, 0), 0.55))
    draw.rectangle((0, BAND_TOP, IMAGE_SIZE, BAND_TOP + 8), fill=accent)
    # Keep "200 g" together: wrap on a title whose number-unit spaces are not spaces.
    glued = re.sub(r"(\d) (?=\S)", "\\1\x1f", title)
    lines = [line.replace("\x1f", " ") for line in textwrap.wrap(glued, width=24)[:3]]
    sizes = (56, 50, 44) if len(lines) <= 2 else (50, 44)
    size = next(
        (s for s in sizes if max(_font(s).getlength(line) for line in lines) <= 720), sizes[-1]
    )
    y = BAND_TOP + (44 if len(lines) <= 2 else 26)
    for line in lines:
        draw.text((40, y), line, font=_font(size), fill=(255, 255, 255))
        y += size + 12
    label = f"{category.name.upper()}  ·  KAMPUNG MALL"
    label_width = _font(22).getlength(label)
    draw.rounded_rectangle((28, 28, 56 + label_width, 78), radius=22, fill=(255, 255, 255))
    draw.text((42, 40), label, font=_font(22), fill=_mix(background, (0, 0, 0), 0.3))

    for quality in (80, 72, 64):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        if buffer.tell() <= MAX_IMAGE_BYTES:
            break
    return buffer.getvalue()


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _shift(rgb: tuple[int, int, int], rng: random.Random, amount: float) -> tuple[int, ...]:
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    h = (h + rng.uniform(-amount, amount) / 2) % 1.0
    v = min(1.0, max(0.0, v + rng.uniform(-amount, amount)))
    return tuple(round(c * 255) for c in colorsys.hsv_to_rgb(h, s, v))


def _mix(a: Sequence[int], b: Sequence[int], t: float) -> tuple[int, ...]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _scatter(rng: random.Random, n: int, margin: int = 60) -> list[tuple[int, int]]:
    """``n`` points over the picture above the title band, spread by a jittered grid."""
    cols, rows = 5, 4
    cell_w, cell_h = (IMAGE_SIZE - 2 * margin) / cols, (BAND_TOP - margin) / rows
    cells = rng.sample(range(cols * rows), min(n, cols * rows))
    points = [
        (
            round(margin + (c % cols + rng.uniform(0.15, 0.85)) * cell_w),
            round(margin + (c // cols + rng.uniform(0.15, 0.85)) * cell_h),
        )
        for c in cells
    ]
    return sorted(points, key=lambda p: p[1])


def _polygon(cx: float, cy: float, points: list[tuple[float, float]], angle: float):
    c, s = math.cos(angle), math.sin(angle)
    return [(cx + x * c - y * s, cy + x * s + y * c) for x, y in points]


def _beans(draw, rng, background, accent):
    for x, y in _scatter(rng, rng.randint(9, 14)):
        r, angle = rng.randint(38, 70), rng.uniform(0, math.pi)
        bean = [
            (r * math.cos(t / 20 * math.pi), 0.68 * r * math.sin(t / 20 * math.pi))
            for t in range(40)
        ]
        draw.polygon(_polygon(x, y, bean, angle), fill=accent)
        groove = [
            (r * 0.8 * (t / 10 - 1), 0.12 * r * math.sin(t / 10 * math.pi)) for t in range(21)
        ]
        draw.line(_polygon(x, y, groove, angle), fill=background, width=max(4, r // 9))


def _chips(draw, rng, background, accent):
    for x, y in _scatter(rng, rng.randint(10, 16)):
        r = rng.randint(40, 75)
        points = [
            (r * rng.uniform(0.75, 1.05) * math.cos(a), r * rng.uniform(0.75, 1.05) * math.sin(a))
            for a in (i / 9 * 2 * math.pi for i in range(9))
        ]
        shape = _polygon(x, y, points, rng.uniform(0, math.pi))
        draw.polygon(shape, fill=accent, outline=_mix(accent, background, 0.5), width=4)
        for _ in range(3):
            dx, dy = rng.randint(-r // 2, r // 2), rng.randint(-r // 2, r // 2)
            draw.ellipse((x + dx - 4, y + dy - 4, x + dx + 4, y + dy + 4), fill=background)


def _batik(draw, rng, background, accent):
    (_kawung if rng.random() < 0.6 else _parang)(draw, rng, background, accent)


def _parang(draw, rng, background, accent):
    step = rng.choice((120, 140, 160))
    direction = rng.choice((-1, 1))
    dark = _mix(background, (0, 0, 0), 0.25)
    for k in range(-IMAGE_SIZE, IMAGE_SIZE + step, step):
        band = [
            (x, (x if direction > 0 else IMAGE_SIZE - x) + k + 18 * math.sin(x / 22))
            for x in range(-20, IMAGE_SIZE + 21, 8)
        ]
        draw.line(band, fill=accent, width=step // 3, joint="curve")
        for x, y in band[rng.randint(0, 9) :: 10]:
            draw.ellipse((x - 8, y + step / 2 - 8, x + 8, y + step / 2 + 8), fill=dark)


def _kawung(draw, rng, background, accent):
    step = rng.choice((150, 170, 190))
    offset = rng.randint(0, step)
    dark = _mix(background, (0, 0, 0), 0.25)
    for gx in range(-step + offset, IMAGE_SIZE + step, step):
        for gy in range(-step + offset // 2, 600, step):
            r = step * 0.46
            for dx, dy in ((0, -1), (1, 0), (0, 1), (-1, 0)):
                cx, cy = gx + dx * r * 0.5, gy + dy * r * 0.5
                w, h = (r * 0.36, r * 0.46) if dx == 0 else (r * 0.46, r * 0.36)
                draw.ellipse((cx - w, cy - h, cx + w, cy + h), fill=accent)
            draw.ellipse((gx - 9, gy - 9, gx + 9, gy + 9), fill=dark)
        for gy in range(-step + offset // 2, 600, step):
            x, y = gx + step / 2, gy + step / 2
            draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=_mix(accent, background, 0.5))


def _weave(draw, rng, background, accent):
    width = rng.choice((56, 64, 72))
    light, dark = accent, _mix(accent, background, 0.55)
    for i, x in enumerate(range(0, IMAGE_SIZE, width)):
        for j, y in enumerate(range(0, BAND_TOP, width)):
            horizontal = (i + j) % 2 == 0
            box = (x + 3, y + 3, x + width - 3, y + width - 3)
            draw.rectangle(box, fill=light if horizontal else dark)
            if horizontal:
                draw.line(
                    (x + 6, y + width // 2, x + width - 6, y + width // 2), fill=dark, width=2
                )


def _shirts(draw, rng, background, accent):
    outline = [
        (-40, -60),
        (-15, -70),
        (0, -60),
        (15, -70),
        (40, -60),
        (70, -30),
        (50, -10),
        (38, -25),
        (38, 70),
        (-38, 70),
        (-38, -25),
        (-50, -10),
        (-70, -30),
    ]
    for x, y in _scatter(rng, rng.randint(6, 9), margin=90):
        scale = rng.uniform(0.8, 1.3)
        points = [(px * scale, py * scale) for px, py in outline]
        colour = accent if rng.random() < 0.6 else _mix(accent, background, 0.4)
        draw.polygon(_polygon(x, y, points, rng.uniform(-0.35, 0.35)), fill=colour)


def _leaves(draw, rng, background, accent):
    vein = _mix(accent, background, 0.5)
    for x, y in _scatter(rng, rng.randint(10, 15)):
        r, angle = rng.randint(45, 85), rng.uniform(0, 2 * math.pi)
        leaf = [
            (r * math.cos(t), 0.4 * r * math.sin(t) ** 3 + 0.1 * r * math.sin(t))
            for t in (i / 30 * 2 * math.pi for i in range(30))
        ]
        draw.polygon(_polygon(x, y, leaf, angle), fill=accent)
        draw.line(_polygon(x, y, [(-r, 0), (r, 0)], angle), fill=vein, width=3)
    for x, y in _scatter(rng, rng.randint(2, 4)):
        r = rng.randint(25, 40)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_mix(accent, (255, 210, 60), 0.6))


def _fish(draw, rng, background, accent):
    for y in range(rng.randint(40, 90), BAND_TOP, 95):
        wave = [(x, y + 12 * math.sin(x / 35 + y)) for x in range(0, IMAGE_SIZE + 1, 10)]
        draw.line(wave, fill=_mix(background, (255, 255, 255), 0.15), width=4)
    for x, y in _scatter(rng, rng.randint(6, 10), margin=90):
        r, direction = rng.randint(35, 60), rng.choice((-1, 1))
        draw.ellipse((x - r, y - r * 0.5, x + r, y + r * 0.5), fill=accent)
        tail_x = x - direction * r * 0.9
        draw.polygon(
            [
                (tail_x, y),
                (tail_x - direction * r * 0.6, y - r * 0.45),
                (tail_x - direction * r * 0.6, y + r * 0.45),
            ],
            fill=accent,
        )
        eye_x = x + direction * r * 0.55
        draw.ellipse((eye_x - 5, y - 9, eye_x + 5, y + 1), fill=background)


def _bottles(draw, rng, background, accent):
    cap = _mix(background, (0, 0, 0), 0.45)
    leaf = [(26 * math.cos(t), 10 * math.sin(t)) for t in (i / 16 * 2 * math.pi for i in range(16))]
    for x, y in _scatter(rng, rng.randint(6, 10)):
        draw.polygon(
            _polygon(x, y, leaf, rng.uniform(0, math.pi)), fill=_mix(accent, background, 0.3)
        )
    for x, y in _scatter(rng, rng.randint(4, 6), margin=90):
        w, h = rng.randint(36, 52), rng.randint(100, 150)
        y = min(max(y, h // 2 + 60), BAND_TOP - h - 10)
        liquid = accent if rng.random() < 0.5 else _mix(accent, (240, 200, 60), 0.7)
        draw.rounded_rectangle((x - w, y - h / 2, x + w, y + h), radius=w // 2, fill=liquid)
        draw.rectangle((x - w / 3, y - h / 2 - 30, x + w / 3, y - h / 2), fill=liquid)
        draw.rectangle((x - w / 3 - 3, y - h / 2 - 44, x + w / 3 + 3, y - h / 2 - 28), fill=cap)
        draw.rectangle((x - w + 6, y, x + w - 6, y + h / 2), fill=(250, 244, 226))


MOTIFS = {
    "beans": _beans,
    "chips": _chips,
    "batik": _batik,
    "weave": _weave,
    "shirts": _shirts,
    "leaves": _leaves,
    "fish": _fish,
    "bottles": _bottles,
}
