"""Textures painted with Pillow at start-up: signage, posters, floors, boards and screens.

Nothing is downloaded and no image files need shipping: each texture is drawn in memory once per
process (cached by its arguments) in a few milliseconds. Lighting that a lit shader would compute
(light pools on a floor, a glow on a board) is painted straight into the image instead.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from ursina import Texture

RGB8 = tuple[int, int, int]


def _font_path(bold: bool) -> str | None:
    candidates = []
    if bold:
        candidates.append(Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))
    import ursina

    candidates.append(Path(ursina.__file__).parent / "fonts" / "OpenSans-Regular.ttf")
    candidates.append(Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    for path in candidates:
        if path.is_file():
            return str(path)
    return None


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_path(bold)
    if path is None:
        return ImageFont.load_default()
    return ImageFont.truetype(path, size)


def _to_texture(image: Image.Image, filtering: str = "bilinear") -> Texture:
    texture = Texture(image.convert("RGBA"))
    texture.filtering = filtering
    return texture


def hex8(value: str) -> RGB8:
    v = value.lstrip("#")
    return (int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16))


def _text_centered(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    text: str,
    size: int,
    fill: RGB8,
    bold: bool = True,
) -> None:
    f = font(size, bold)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=f, stroke_width=1 if bold else 0)
    x = box[0] + (box[2] - box[0] - (right - left)) / 2 - left
    y = box[1] + (box[3] - box[1] - (bottom - top)) / 2 - top
    draw.text((x, y), text, font=f, fill=fill, stroke_width=1 if bold else 0, stroke_fill=fill)


@cache
def sign(
    text: str, background: str, foreground: str, width: int = 512, height: int = 128, accent: str = ""
) -> Texture:
    """A shop or desk sign: bold lettering on a coloured board with a thin inner border."""
    image = Image.new("RGB", (width, height), hex8(background))
    draw = ImageDraw.Draw(image)
    border = hex8(accent or foreground)
    draw.rounded_rectangle((6, 6, width - 7, height - 7), radius=height // 8, outline=border, width=3)
    size = int(height * 0.52)
    while size > 10 and draw.textlength(text, font=font(size, True)) > width * 0.86:
        size -= 2
    _text_centered(draw, (0, 0, width, height), text, size, hex8(foreground))
    return _to_texture(image)


@cache
def poster(title: str, subtitle: str, background: str, foreground: str, shape: str = "circle") -> Texture:
    """A promotional poster: a bold shape, a headline and a line of small print."""
    w, h = 256, 352
    image = Image.new("RGB", (w, h), hex8(background))
    draw = ImageDraw.Draw(image)
    fg = hex8(foreground)
    if shape == "circle":
        draw.ellipse((48, 40, 208, 200), fill=fg)
    elif shape == "stripes":
        for i in range(5):
            draw.rectangle((0, 40 + i * 34, w, 56 + i * 34), fill=fg)
    else:
        draw.polygon([(128, 36), (216, 200), (40, 200)], fill=fg)
    size = 44
    while size > 12 and draw.textlength(title, font=font(size, True)) > w - 24:
        size -= 2
    _text_centered(draw, (0, 214, w, 274), title, size, fg)
    _text_centered(draw, (0, 280, w, 320), subtitle, 20, fg, bold=False)
    return _to_texture(image)


@cache
def departure_board(rows: tuple[tuple[str, str, str, str], ...], title: str = "DEPARTURES") -> Texture:
    """An airport departures board: time, destination, gate and a coloured status."""
    w, h = 768, 384
    image = Image.new("RGB", (w, h), (14, 22, 40))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, w, 60), fill=(242, 183, 5))
    _text_centered(draw, (0, 0, w, 60), title, 38, (14, 22, 40))
    columns = (16, 128, 462, 548)
    for index, (t, dest, gate, status) in enumerate(rows):
        y = 76 + index * 50
        if index % 2:
            draw.rectangle((0, y - 6, w, y + 40), fill=(22, 32, 56))
        draw.text((columns[0], y), t, font=font(30, True), fill=(255, 214, 90))
        draw.text((columns[1], y), dest, font=font(30, True), fill=(235, 240, 250))
        draw.text((columns[2], y), gate, font=font(30, True), fill=(235, 240, 250))
        colour = (255, 90, 80) if status in ("DELAYED", "CANCELLED") else (110, 230, 140)
        draw.text((columns[3], y), status, font=font(28, True), fill=colour)
    return _to_texture(image)


@cache
def clock_face(hour: int = 10, minute: int = 10) -> Texture:
    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=(40, 44, 52))
    draw.ellipse((16, 16, size - 16, size - 16), fill=(250, 250, 246))
    c = size / 2
    for i in range(12):
        a = math.radians(i * 30)
        r0, r1 = (88, 108) if i % 3 == 0 else (96, 108)
        draw.line(
            (c + r0 * math.sin(a), c - r0 * math.cos(a), c + r1 * math.sin(a), c - r1 * math.cos(a)),
            fill=(30, 30, 30),
            width=6 if i % 3 == 0 else 3,
        )
    ha = math.radians((hour % 12) * 30 + minute / 2)
    ma = math.radians(minute * 6)
    draw.line((c, c, c + 55 * math.sin(ha), c - 55 * math.cos(ha)), fill=(30, 30, 30), width=9)
    draw.line((c, c, c + 85 * math.sin(ma), c - 85 * math.cos(ma)), fill=(30, 30, 30), width=5)
    draw.ellipse((c - 8, c - 8, c + 8, c + 8), fill=(200, 40, 40))
    return _to_texture(image)


@cache
def key_rack(columns: int = 6, rows: int = 4) -> Texture:
    """Hotel pigeon-holes with room numbers and the odd hanging key."""
    w, h = 512, 352
    image = Image.new("RGB", (w, h), (92, 58, 36))
    draw = ImageDraw.Draw(image)
    cw, ch = (w - 20) / columns, (h - 20) / rows
    for r in range(rows):
        for c in range(columns):
            x0, y0 = 10 + c * cw, 10 + r * ch
            draw.rectangle((x0 + 4, y0 + 4, x0 + cw - 4, y0 + ch - 4), fill=(52, 30, 18))
            number = f"{(rows - r) * 100 + c + 1}"
            draw.text((x0 + 10, y0 + 8), number, font=font(18, True), fill=(230, 196, 120))
            if (r * 7 + c * 3) % 4 != 0:
                kx, ky = x0 + cw / 2, y0 + ch * 0.45
                draw.line((kx, ky - 12, kx, ky + 10), fill=(210, 180, 90), width=3)
                draw.rounded_rectangle((kx - 9, ky + 10, kx + 9, ky + 34), radius=4, fill=(200, 60, 50))
    return _to_texture(image)


@cache
def call_window(caller: str, number: str, accent: str = "#2a9d8f") -> Texture:
    """The softphone window on the agent's monitor: header, caller card, labels for the live parts.

    The live parts (mood face, meters, timer, voice level) are entities drawn over this picture.
    """
    w, h = 1024, 640
    image = Image.new("RGB", (w, h), (22, 28, 40))
    draw = ImageDraw.Draw(image)
    for y in range(h):
        t = y / h
        draw.line((0, y, w, y), fill=(int(24 + 10 * t), int(30 + 14 * t), int(44 + 20 * t)))
    draw.rectangle((0, 0, w, 64), fill=hex8(accent))
    draw.text((24, 14), "SOFTPHONE", font=font(30, True), fill=(255, 255, 255))
    draw.rounded_rectangle((w - 236, 12, w - 24, 52), radius=20, fill=(220, 60, 60))
    _text_centered(draw, (w - 236, 12, w - 24, 52), "ON CALL", 24, (255, 255, 255))
    draw.rounded_rectangle((24, 88, 400, 616), radius=24, fill=(34, 42, 58))
    draw.rounded_rectangle((424, 88, w - 24, 616), radius=24, fill=(34, 42, 58))
    size = 48
    while size > 16 and draw.textlength(caller, font=font(size, True)) > w - 480:
        size -= 2
    draw.text((452, 110), caller, font=font(size, True), fill=(240, 244, 250))
    draw.text((452, 176), number, font=font(28), fill=(160, 172, 190))
    draw.text((452, 268), "ANGER", font=font(26, True), fill=(235, 120, 100))
    draw.text((452, 368), "TRUST", font=font(26, True), fill=(110, 200, 190))
    draw.text((452, 470), "CALL TIME", font=font(26, True), fill=(160, 172, 190))
    draw.text((48, 560), "CALLER MOOD", font=font(24, True), fill=(160, 172, 190))
    return _to_texture(image)


@cache
def wallboard(company: str, accent: str) -> Texture:
    """A call-centre wallboard: queue figures in big digits, the way real floors show them."""
    w, h = 768, 256
    image = Image.new("RGB", (w, h), (16, 22, 34))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, w, 48), fill=hex8(accent))
    _text_centered(draw, (0, 0, w, 48), company, 30, (255, 255, 255))
    tiles = (
        ("CALLS WAITING", "7", (255, 196, 80)),
        ("LONGEST WAIT", "04:32", (255, 110, 90)),
        ("ANSWERED", "312", (120, 220, 150)),
    )
    for i, (label, value, colour) in enumerate(tiles):
        x0 = 16 + i * 250
        draw.rounded_rectangle((x0, 64, x0 + 236, 240), radius=16, fill=(28, 38, 56))
        _text_centered(draw, (x0, 70, x0 + 236, 110), label, 22, (170, 180, 200), bold=False)
        _text_centered(draw, (x0, 116, x0 + 236, 226), value, 72, colour)
    return _to_texture(image)


@cache
def sticky_notes() -> Texture:
    """A pin board with notes and a printed script: cubicle clutter that says people work here."""
    w, h = 384, 256
    image = Image.new("RGB", (w, h), (196, 170, 130))
    draw = ImageDraw.Draw(image)
    notes = (
        (20, 20, (255, 236, 130)),
        (130, 36, (255, 170, 190)),
        (250, 18, (170, 230, 255)),
        (40, 140, (180, 240, 170)),
        (270, 130, (255, 236, 130)),
    )
    for x, y, colour in notes:
        draw.rectangle((x, y, x + 90, y + 90), fill=colour)
        for line in range(4):
            draw.line(
                (x + 10, y + 20 + line * 16, x + 70 - line * 8, y + 20 + line * 16),
                fill=(90, 90, 110),
                width=3,
            )
    draw.rectangle((150, 140, 250, 246), fill=(250, 250, 250))
    for line in range(7):
        draw.line((160, 152 + line * 13, 240, 152 + line * 13), fill=(150, 150, 160), width=2)
    return _to_texture(image)
