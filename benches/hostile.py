"""Writes the hostile manuscripts benches/run.sh times: inputs small on disk that once cost
minutes or gigabytes (SVG bombs, a pixel bomb, pathological Markdown).

Usage: python3 benches/hostile.py OUT_DIR   (prints one manuscript folder per line)
"""

import os
import struct
import sys
import zlib

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
FIGURE = "# Uno\n\nAntes.\n\n![Un dibujo](images/f.{ext})\n\nDespués.\n"


def book(out, name, chapter, files=()):
    folder = os.path.join(out, name)
    os.makedirs(os.path.join(folder, "images"), exist_ok=True)
    with open(os.path.join(folder, "book.toml"), "w") as f:
        f.write('[book]\ntitle = "Hostil"\n')
    with open(os.path.join(folder, "01.md"), "w") as f:
        f.write(chapter)
    for path, data in files:
        with open(os.path.join(folder, path), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
    print(folder)


def svg(body):
    return f'<svg {NS} width="100" height="100">{body}</svg>'


def flat_png(width, height):
    """An RGBA PNG of one colour: a few KB on disk, width × height × 4 bytes decoded."""
    row = b"\x00" + b"\xc8" * (width * 4)
    raw = zlib.compress(row * height, 9)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def main(out):
    figure = FIGURE.format(ext="svg")
    book(out, "svg-text", figure,
         [("images/f.svg", svg('<text x="0" y="10">' + "palabra " * 40000 + "</text>"))])
    rect = '<rect x="1" y="1" width="2" height="2" fill="#123456"/>'
    book(out, "svg-31mb", figure, [("images/f.svg", svg(rect * (31_000_000 // len(rect))))])
    book(out, "svg-opacity", figure,
         [("images/f.svg", svg('<g opacity="0.99"><rect width="100" height="100"/>' * 200 + "</g>" * 200))])
    fan = '<defs><rect id="l0" width="1" height="1"/>'
    for level in range(1, 12):
        fan += f'<g id="l{level}">' + f'<use xlink:href="#l{level - 1}"/>' * 5 + "</g>"
    fan += '</defs><use xlink:href="#l11"/>'
    book(out, "svg-use", figure, [("images/f.svg", svg(fan))])
    book(out, "png-6300", FIGURE.format(ext="png"), [("images/f.png", flat_png(6300, 6300))])
    for n in (12_500, 25_000, 50_000, 100_000):
        spans = " ".join(f"`{chr(97 + i % 26)}`" for i in range(n))
        book(out, f"code-{n}", f"# Código\n\n{spans}\n")
    emphasis = ("*_**" * 1500)
    book(out, "emphasis", f"# E\n\n{emphasis}x{emphasis[::-1]}\n")
    book(out, "nul", "# N\n\n" + "palabra\0" * 30_000 + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
