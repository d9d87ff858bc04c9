"""Draw docs/screenshots/emotions.png: the customer showing each of the nine emotions, in game view.

python docs/screenshots/emotions.py [OUT.png]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from PIL import Image, ImageDraw

    from game.model import EMOTIONS, Customer, Mood, VoiceHints
    from scenes.avatar import CustomerAvatar
    from scenes.engine import create_app, step, use_fixed_time
    from scenes.screenshot import capture_image
    from scenes.sets import build_set
    from scenes.textures import font

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("emotions.png")
    app = create_app(size=(1280, 720), offscreen=True)
    use_fixed_time()
    from ursina import Entity

    root = Entity()
    handle = build_set("hotel_front_desk", root)
    handle.apply_camera()
    dana = Customer("Dana Reyes", Mood(40, 40), voice=VoiceHints(gender="female"))
    avatar = CustomerAvatar(Entity(parent=root, position=handle.customer_anchor), dana)
    tiles = []
    for emotion in EMOTIONS:
        avatar.set_emotion(emotion)
        avatar.settle()
        step(app, 2)
        # The head and shoulders, as the trainee sees them across the desk.
        tiles.append((emotion, capture_image(app).crop((490, 100, 790, 362)).resize((240, 210))))
    sheet = Image.new("RGB", (240 * 9, 246), (20, 24, 32))
    draw = ImageDraw.Draw(sheet)
    for index, (emotion, tile) in enumerate(tiles):
        sheet.paste(tile, (index * 240, 0))
        width = draw.textlength(emotion, font=font(24, True))
        draw.text((index * 240 + (240 - width) / 2, 212), emotion, font=font(24, True), fill=(235, 238, 245))
    sheet.save(out, optimize=True)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
