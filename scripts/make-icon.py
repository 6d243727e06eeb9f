#!/usr/bin/env python3
"""Draws resources/icon.png (1024x1024): an ECG trace on a rounded square. Run with Debian's
python3 (PIL). The PNG is committed; electron-builder derives .ico/.icns from it."""
from pathlib import Path
from PIL import Image, ImageDraw

S = 1024
img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
d = ImageDraw.Draw(img)
d.rounded_rectangle([40, 40, S - 40, S - 40], radius=200, fill=(22, 44, 74, 255))
# one P-QRS-T beat, repeated twice, as a polyline in unit coordinates
beat = [(0.00, 0.0), (0.10, 0.0), (0.14, 0.08), (0.18, 0.0), (0.22, 0.0), (0.24, -0.10),
        (0.28, 0.75), (0.32, -0.30), (0.35, 0.0), (0.42, 0.0), (0.48, 0.16), (0.54, 0.0), (0.60, 0.0)]
pts = []
for k in range(2):
    for x, y in beat:
        pts.append((120 + (x + 0.6 * k) * (S - 240) / 1.2, S / 2 + 90 - y * 330))
d.line(pts, fill=(94, 234, 212, 255), width=34, joint="curve")
out = Path(__file__).resolve().parent.parent / "resources" / "icon.png"
img.save(out)
print(out)
