#!/usr/bin/env python3
"""Draws the extension's icons (a key on a blue rounded square) as PNGs at 16/32/48/128 px.
Run once when the design changes; the PNGs are committed. Standard library only."""
import math, struct, sys, zlib

def png(size, pixel):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, size)) for x in range(size)) for y in range(size))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")

def coverage(inside, x, y, n=4):
    return sum(inside(x + (i + .5) / n, y + (j + .5) / n) for i in range(n) for j in range(n)) / (n * n)

def pixel(x, y, s):
    u = lambda v: v / s  # unit coordinates 0..1
    def square(px, py):
        r = .2; cx = min(max(u(px), r), 1 - r); cy = min(max(u(py), r), 1 - r)
        return math.hypot(u(px) - cx, u(py) - cy) <= r
    def key(px, py):
        X, Y = u(px), u(py)
        ring = .11 <= math.hypot(X - .34, Y - .5) <= .2
        shaft = .5 <= X <= .82 and .455 <= Y <= .545
        teeth = (.64 <= X <= .7 or .74 <= X <= .8) and .545 <= Y <= .66
        return ring or shaft or teeth
    a = coverage(square, x, y); k = coverage(key, x, y)
    base = (0, 102, 204)
    col = tuple(round(c * (1 - k) + 255 * k) for c in base)
    return (*col, round(255 * a))

out = sys.argv[1] if len(sys.argv) > 1 else "extension/icons"
for size in (16, 32, 48, 128):
    open(f"{out}/icon-{size}.png", "wb").write(png(size, pixel))
