#!/usr/bin/env python3
"""Dibuja las imágenes del libro de muestra *El Gran Movimiento*.

Genera dos archivos PNG en ``manuscript/images/``:

* ``portada.png`` (1800 × 2700 px): la cubierta. Una composición abstracta de
  La Paz al anochecer: cielo en franjas de color, una luna creciente y
  algunas estrellas, la silueta de un macizo nevado de tres cumbres que
  recuerda al Illimani, el borde de El Alto con su cuadrícula de ventanas
  encendidas, la ladera que baja hacia la hoyada y las líneas del teleférico
  con sus cabinas. Se dibuja a 1600 × 2400 y se amplía a 1800 px de ancho, para
  que en la cubierta impresa (A5 más 3 mm de sangrado, 151 mm de ancho) pase de
  300 ppp.
* ``teleferico.png`` (1400 × 817 px): la figura del capítulo 1. Un dibujo
  plano de una línea de teleférico que cruza en diagonal sobre los tejados,
  con montañas nevadas al fondo. Se dibuja a 1200 × 700 y se amplía por
  vecino más próximo, para que a la anchura de la caja de A5 (113 mm) se
  imprima a más de 300 ppp, lo que piden las imprentas.

Solo usa la biblioteca estándar de Python 3 (``zlib`` y ``struct`` para
escribir el PNG; nada de Pillow). Las imágenes se guardan como PNG de paleta
indexada (tipo de color 3, 8 bits), con filtro 0 y compresión zlib de nivel 9,
lo que mantiene los archivos pequeños. La salida es determinista: el azar
procede de generadores con semilla fija.

Uso, desde la raíz del repositorio::

    python3 tools/draw_images.py
"""

import math
import os
import random
import struct
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "manuscript", "images")


def hex_rgb(code):
    code = code.lstrip("#")
    return tuple(int(code[i:i + 2], 16) for i in (0, 2, 4))


class Canvas:
    """Lienzo de paleta indexada: cada píxel es un índice (0-255)."""

    def __init__(self, width, height, background):
        self.w = width
        self.h = height
        self.palette = []
        self.index = {}
        self.px = bytearray([self.color(background)]) * (width * height)

    # -- paleta ---------------------------------------------------------
    def color(self, code):
        rgb = hex_rgb(code) if isinstance(code, str) else tuple(code)
        if rgb not in self.index:
            if len(self.palette) == 256:
                raise ValueError("la paleta no admite más de 256 colores")
            self.index[rgb] = len(self.palette)
            self.palette.append(rgb)
        return self.index[rgb]

    def luminance(self, idx):
        r, g, b = self.palette[idx]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    # -- primitivas -----------------------------------------------------
    def hspan(self, y, x0, x1, c):
        """Rellena la fila y entre x0 y x1 (incluidos)."""
        if not 0 <= y < self.h:
            return
        x0 = max(0, int(x0))
        x1 = min(self.w - 1, int(x1))
        if x1 < x0:
            return
        start = y * self.w
        self.px[start + x0:start + x1 + 1] = bytes([c]) * (x1 - x0 + 1)

    def vspan(self, x, y0, y1, c):
        """Rellena la columna x entre y0 e y1 (incluidos)."""
        if not 0 <= x < self.w:
            return
        y0 = max(0, int(y0))
        y1 = min(self.h - 1, int(y1))
        if y1 < y0:
            return
        n = y1 - y0 + 1
        start = y0 * self.w + x
        self.px[start:start + n * self.w:self.w] = bytes([c]) * n

    def rect(self, x0, y0, x1, y1, c):
        for y in range(max(0, int(y0)), min(self.h, int(y1) + 1)):
            self.hspan(y, x0, x1, c)

    def get(self, x, y):
        return self.px[y * self.w + x]

    def put(self, x, y, c):
        if 0 <= x < self.w and 0 <= y < self.h:
            self.px[y * self.w + x] = c

    def disc(self, cx, cy, r, c):
        for y in range(int(cy - r), int(cy + r) + 1):
            dy = y - cy
            if abs(dy) <= r:
                dx = math.sqrt(r * r - dy * dy)
                self.hspan(y, round(cx - dx), round(cx + dx), c)

    def polygon(self, points, c):
        """Relleno par-impar de un polígono por líneas de barrido."""
        ys = [p[1] for p in points]
        n = len(points)
        for y in range(max(0, int(min(ys))), min(self.h, int(max(ys)) + 1)):
            yc = y + 0.5
            xs = []
            for i in range(n):
                (xa, ya), (xb, yb) = points[i], points[(i + 1) % n]
                if (ya <= yc < yb) or (yb <= yc < ya):
                    xs.append(xa + (yc - ya) * (xb - xa) / (yb - ya))
            xs.sort()
            for i in range(0, len(xs) - 1, 2):
                self.hspan(y, round(xs[i]), round(xs[i + 1]) - 1, c)

    def fill_below(self, ridge, c, bottom=None):
        """Rellena cada columna desde la cresta ridge[x] hacia abajo."""
        bottom = self.h - 1 if bottom is None else bottom
        for x in range(self.w):
            self.vspan(x, ridge[x], bottom, c)

    def cable(self, p0, p1, sag, thickness, light, dark):
        """Cable con flecha parabólica. El color se elige según el fondo
        para que se lea tanto sobre el cielo claro como sobre la ladera."""
        (x0, y0), (x1, y1) = p0, p1
        ci_dark = self.color(dark)
        ci_light = ci_dark if light is None else self.color(light)

        def y_at(x):
            t = (x - x0) / (x1 - x0)
            return y0 + (y1 - y0) * t + sag * 4 * t * (1 - t)

        for x in range(max(0, int(x0)), min(self.w, int(x1) + 1)):
            ya, yb = y_at(x), y_at(x + 1)
            top = int(min(ya, yb) - thickness / 2)
            bot = int(max(ya, yb) + thickness / 2)
            for y in range(max(0, top), min(self.h, bot + 1)):
                under = self.get(x, y)
                if under in (ci_light, ci_dark):
                    continue
                self.put(x, y, ci_dark if self.luminance(under) > 110 else ci_light)
        return y_at

    # -- salida ---------------------------------------------------------
    def enlarged(self, width):
        """El lienzo ampliado a `width` píxeles de ancho, por vecino más próximo
        (los colores planos siguen planos y la paleta no cambia)."""
        height = round(self.h * width / self.w)
        out = Canvas.__new__(Canvas)
        out.w, out.h = width, height
        out.palette, out.index = self.palette, self.index
        out.px = bytearray(width * height)
        cols = [x * self.w // width for x in range(width)]
        for y in range(height):
            row = (y * self.h // height) * self.w
            out.px[y * width:(y + 1) * width] = bytes(self.px[row + c] for c in cols)
        return out

    def save_png(self, path):
        raw = bytearray()
        for y in range(self.h):
            raw.append(0)  # filtro 0 (None) en cada fila
            raw += self.px[y * self.w:(y + 1) * self.w]

        def chunk(kind, data):
            body = kind + data
            return (struct.pack(">I", len(data)) + body
                    + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF))

        ihdr = struct.pack(">IIBBBBB", self.w, self.h, 8, 3, 0, 0, 0)
        plte = b"".join(bytes(rgb) for rgb in self.palette)
        png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"PLTE", plte)
               + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))
        with open(path, "wb") as fh:
            fh.write(png)
        return len(png)


# ----------------------------------------------------------------------
# Utilidades de paisaje
# ----------------------------------------------------------------------

def polyline(points, width):
    """Interpola linealmente una lista de puntos (x, y) en cada columna."""
    out = []
    j = 0
    for x in range(width):
        while j < len(points) - 2 and x > points[j + 1][0]:
            j += 1
        (xa, ya), (xb, yb) = points[j], points[j + 1]
        t = 0.0 if xb == xa else (x - xa) / (xb - xa)
        t = min(1.0, max(0.0, t))
        out.append(ya + (yb - ya) * t)
    return out


def roughness(width, amplitude, seed, octaves=5):
    """Ruido 1D por desplazamiento del punto medio (determinista)."""
    rng = random.Random(seed)
    size = 1
    while size < width:
        size *= 2
    vals = [0.0] * (size + 1)
    step, amp = size, amplitude
    for _ in range(octaves + 6):
        half = step // 2
        if half < 1:
            break
        for i in range(half, size, step):
            vals[i] = (vals[i - half] + vals[i + half]) / 2 + rng.uniform(-amp, amp)
        step, amp = half, amp * 0.55
    return vals[:width]


def draw_massif(cv, pts, seed, amp, colors, snow_depth, snow_floor, bottom, k=0.45):
    """Macizo nevado de varias cumbres en estilo plano.

    pts: puntos del perfil; las cumbres son sus mínimos locales de y.
    colors: (roca_luz, roca_sombra, nieve_luz, nieve_sombra, brillo_o_None).
    Cada cumbre tiene una cara en sombra a su derecha, limitada por una
    recta que baja desde la cima; la nieve cuelga de la cresta hasta
    snow_depth píxeles, sin pasar de snow_floor.
    """
    W = cv.w
    rock_lit, rock_shade, snow_lit, snow_shade, glow = [
        None if c is None else cv.color(c) for c in colors]
    base = polyline(pts, W)
    ridge = [int(a + b) for a, b in zip(base, roughness(W, amp, seed))]
    depth = roughness(W, snow_depth * 0.35, seed + 1)
    floor = roughness(W, 45, seed + 2)
    edge = roughness(W, 10, seed + 3)
    inner = pts[1:-1]
    peaks = [p for i, p in enumerate(inner, 1)
             if p[1] < pts[i - 1][1] and p[1] < pts[i + 1][1]]
    valleys = [p for i, p in enumerate(inner, 1)
               if p[1] > pts[i - 1][1] and p[1] > pts[i + 1][1]]
    bounds = [v[0] for v in valleys] + [W + 1]
    for x in range(W):
        region = next(i for i, b in enumerate(bounds) if x < b)
        px, py = peaks[min(region, len(peaks) - 1)]
        top = ridge[x]
        if x > px:
            shade_end = py + (x - px) / k
            if region < len(valleys):
                # La cara iluminada de la cumbre siguiente nace en el collado
                # y baja hacia la izquierda: la sombra queda en un triángulo.
                vx, vy = valleys[region]
                shade_end = min(shade_end, vy + (vx - x) / k)
            shade_end = int(shade_end + edge[x])
        else:
            shade_end = top - 1
        snow_end = int(min(base[x] + snow_depth + depth[x], snow_floor + floor[x]))
        # Roca: primero todo iluminado, luego la cara en sombra encima.
        cv.vspan(x, top, bottom, rock_lit)
        cv.vspan(x, top, min(shade_end, bottom), rock_shade)
        if snow_end > top:
            cv.vspan(x, top, snow_end, snow_lit)
            cv.vspan(x, top, min(shade_end, snow_end), snow_shade)
            if glow is not None and shade_end < top:
                cv.vspan(x, top, top + 5, glow)
    return ridge


# ----------------------------------------------------------------------
# Portada
# ----------------------------------------------------------------------

SKY_BANDS = [
    "#15132e", "#1b1838", "#221c42", "#2a204c", "#342455", "#40285d",
    "#4f2d63", "#613267", "#773868", "#8e3f67", "#a54a63", "#bc575d",
    "#cf6757", "#df7b52", "#eb9250", "#f3aa57", "#f7c168", "#f9d489",
]

WINDOW_COLORS = ["#ffd77e", "#ffb85e", "#fff0bf", "#f59a4c"]


def draw_cover(path):
    W, H = 1600, 2400
    cv = Canvas(W, H, SKY_BANDS[0])
    rng = random.Random(2021)

    # Cielo: franjas que se estrechan hacia el horizonte.
    horizon = 1330
    sky_rows = [0] * H
    y = 0
    n = len(SKY_BANDS)
    weights = [1.55 - 1.0 * i / (n - 1) for i in range(n)]
    total = sum(weights)
    for code, wgt in zip(SKY_BANDS, weights):
        hgt = round(horizon * wgt / total)
        cv.rect(0, y, W - 1, y + hgt, cv.color(code))
        for yy in range(y, min(H, y + hgt + 1)):
            sky_rows[yy] = cv.color(code)
        y += hgt
    cv.rect(0, y, W - 1, 1600, cv.color(SKY_BANDS[-1]))

    # Estrellas en la parte alta del cielo.
    star = cv.color("#f4ecff")
    dim = cv.color("#a99cc9")
    for _ in range(140):
        sx, sy = rng.randrange(W), rng.randrange(560)
        if rng.random() < 0.25:
            cv.rect(sx, sy, sx + 2, sy + 2, star)
            cv.put(sx + 1, sy - 2, star)
            cv.put(sx + 1, sy + 4, star)
            cv.put(sx - 2, sy + 1, star)
            cv.put(sx + 4, sy + 1, star)
        else:
            cv.rect(sx, sy, sx + 1, sy + 1, dim)

    # Luna creciente: un disco claro tapado por otro del color del cielo.
    cv.disc(1250, 330, 70, cv.color("#fbf3dc"))
    for yy in range(308 - 64, 308 + 65):
        dx = math.sqrt(max(0, 64 * 64 - (yy - 308) ** 2))
        cv.hspan(yy, round(1282 - dx), round(1282 + dx), sky_rows[yy])

    # Cordillera lejana, brumosa.
    far = [1200 + v for v in polyline(
        [(0, 40), (300, -40), (520, 10), (1150, -10), (1400, -60), (1600, 0)], W)]
    far = [a + b for a, b in zip(far, roughness(W, 30, 7))]
    cv.fill_below([int(v) for v in far], cv.color("#b0798c"))

    # Macizo de tres cumbres (un Illimani libre).
    draw_massif(cv, [(-10, 1240), (180, 1170), (360, 1060), (520, 940), (640, 860),
                     (720, 905), (880, 770), (990, 850), (1090, 800), (1230, 930),
                     (1400, 1080), (1610, 1210)],
                seed=11, amp=16,
                colors=("#6d5488", "#533f6e", "#f8cdb3", "#c0899f", "#fde6d2"),
                snow_depth=170, snow_floor=1030, bottom=H - 1)

    # Colinas intermedias.
    hills = polyline([(0, 1280), (260, 1230), (600, 1300), (900, 1250),
                      (1250, 1310), (1600, 1240)], W)
    hills = [int(a + b) for a, b in zip(hills, roughness(W, 18, 17))]
    cv.fill_below(hills, cv.color("#3e2d58"))

    # Borde de El Alto: hileras de casas bajas, apretadas, que se ven de
    # lejos como una cuadrícula de ventanas encendidas.
    rim_y = 1400
    block_cols = ["#271d3c", "#2c2142", "#231a36", "#30244a"]
    windows = [cv.color(c) for c in WINDOW_COLORS]
    antenna = cv.color("#1b142b")
    for row in range(5):
        top_row = rim_y + row * 62
        x = -rng.randrange(30)
        while x < W:
            bw = 24 + rng.randrange(56)
            bh = 18 + rng.randrange(34)
            if row == 0 and rng.random() < 0.08:
                bh += 40 + rng.randrange(50)  # algún edificio más alto
            top = top_row - bh
            cv.rect(x, top, x + bw - 2, 1720, cv.color(rng.choice(block_cols)))
            if row == 0 and rng.random() < 0.1:
                ax = x + bw // 2
                cv.rect(ax, top - 38, ax + 1, top, antenna)
                cv.rect(ax - 8, top - 28, ax + 9, top - 27, antenna)
            for wy in range(top + 7, top_row + 40, 13):
                for wx in range(x + 5, x + bw - 8, 10):
                    if rng.random() < 0.5 - 0.05 * row:
                        cv.rect(wx, wy, wx + 4, wy + 5, rng.choice(windows))
            x += bw

    # La ceja: el escarpe que baja hacia la hoyada.
    scarp = polyline([(0, 1700), (300, 1720), (700, 1690), (1100, 1730),
                      (1600, 1700)], W)
    scarp = [int(a + b) for a, b in zip(scarp, roughness(W, 14, 19))]
    cv.fill_below(scarp, cv.color("#4a2f4f"))
    streak = cv.color("#3b2542")
    for _ in range(46):
        sx = rng.randrange(W)
        top = scarp[sx] + rng.randrange(20)
        length = 80 + rng.randrange(220)
        width = 3 + rng.randrange(7)
        for t in range(0, length, 2):
            xx = sx + int(10 * math.sin(t / 37.0 + sx))
            cv.rect(xx, top + t, xx + width - t * width // (length + 1), top + t + 1, streak)

    # Barrios en terrazas que descienden hacia el fondo de la hoyada.
    house_cols = ["#2a1c31", "#321f35", "#26192d", "#3a2439", "#2f1d30"]
    terrace = 1880
    row = 0
    while terrace < H + 40:
        x = -rng.randrange(40)
        while x < W:
            hw = 30 + rng.randrange(60)
            hh = 40 + rng.randrange(70)
            col = cv.color(rng.choice(house_cols))
            cv.rect(x, terrace - hh, x + hw - 2, H - 1, col)
            for wy in range(terrace - hh + 10, terrace - 8, 18):
                for wx in range(x + 6, x + hw - 10, 14):
                    if rng.random() < 0.22 + 0.05 * row:
                        cv.rect(wx, wy, wx + 5, wy + 8, rng.choice(windows))
            x += hw
        terrace += 110 + row * 12
        row += 1

    # Teleférico: dos líneas que suben desde la hoyada hasta El Alto.
    lines = [
        ((-20, 2260), (1640, 1330), 120, ["#d8423a", "#d8423a", "#d8423a", "#d8423a"]),
        ((260, 1420), (1640, 2150), 90, ["#f1c232", "#f1c232", "#f1c232"]),
    ]
    cabin_dark = cv.color("#161020")
    glass = cv.color("#ffe9b0")
    for (p0, p1, sag, colors) in lines:
        for offset in (0, 14):
            y_at = cv.cable((p0[0], p0[1] + offset), (p1[0], p1[1] + offset),
                            sag, 3, "#d9c8e8", "#1d1628")
        # Torres.
        span = p1[0] - p0[0]
        for frac in (0.18, 0.55, 0.86):
            tx = int(p0[0] + span * frac)
            ty = int(y_at(tx))
            ground = min(H - 1, ty + 520)
            cv.polygon([(tx - 5, ty), (tx + 5, ty), (tx + 16, ground),
                        (tx - 16, ground)], cabin_dark)
            cv.rect(tx - 26, ty - 4, tx + 26, ty + 3, cabin_dark)
        # Cabinas colgadas del cable.
        for k, code in enumerate(colors):
            frac = (k + 0.7) / (len(colors) + 0.6)
            cx = int(p0[0] + span * frac)
            cy = int(y_at(cx)) + 7
            body = cv.color(code)
            cv.rect(cx - 1, cy, cx + 1, cy + 30, cabin_dark)
            cv.rect(cx - 22, cy + 26, cx + 22, cy + 30, cabin_dark)
            cv.rect(cx - 26, cy + 30, cx + 26, cy + 76, body)
            cv.rect(cx - 20, cy + 38, cx + 20, cy + 56, glass)
            cv.rect(cx - 1, cy + 38, cx + 1, cy + 56, body)
            cv.rect(cx - 26, cy + 74, cx + 26, cy + 76, cabin_dark)

    # Primer plano: azoteas oscuras con tanques de agua.
    front = cv.color("#120d1b")
    x = 0
    while x < W:
        fw = 60 + rng.randrange(140)
        fh = 2300 + rng.randrange(70)
        cv.rect(x, fh, x + fw - 3, H - 1, front)
        if rng.random() < 0.4:
            cv.rect(x + 12, fh - 26, x + 40, fh, front)
        x += fw

    return cv.enlarged(1800).save_png(path)


# ----------------------------------------------------------------------
# Figura del teleférico
# ----------------------------------------------------------------------

def draw_teleferico(path):
    W, H = 1200, 700
    cv = Canvas(W, H, "#e7eef3")
    rng = random.Random(16)

    # Cielo en tres franjas suaves.
    cv.rect(0, 0, W - 1, 90, cv.color("#d6e3ec"))
    cv.rect(0, 91, W - 1, 190, cv.color("#dfe9ef"))

    # Montañas con nieve.
    draw_massif(cv, [(0, 330), (160, 270), (330, 190), (420, 225), (540, 150),
                     (650, 215), (760, 175), (900, 260), (1200, 300)],
                seed=3, amp=7,
                colors=("#9aa6bd", "#8391ab", "#ffffff", "#d5dcea", None),
                snow_depth=70, snow_floor=255, bottom=H - 1, k=0.6)

    # Colinas.
    hills = [int(a + b) for a, b in zip(
        polyline([(0, 370), (400, 340), (800, 380), (1200, 350)], W),
        roughness(W, 8, 9))]
    cv.fill_below(hills, cv.color("#b9a48c"))

    # Tejados en hileras escalonadas.
    # Ladrillo visto, con alguna fachada revocada.
    walls = ["#c27a52", "#b0663f", "#d39a72", "#e3c7a3", "#a95d3c"]
    roofs = ["#b5563c", "#9c4a35", "#c8714f", "#a65b3f"]
    window = cv.color("#4a3a36")
    for top in (400, 470, 545, 625):
        x = -rng.randrange(50)
        while x < W:
            hw = 60 + rng.randrange(70)
            hh = 45 + rng.randrange(40)
            y0 = top - hh + rng.randrange(12)
            wall = cv.color(rng.choice(walls))
            roof = cv.color(rng.choice(roofs))
            cv.rect(x, y0, x + hw - 3, H - 1, wall)
            if rng.random() < 0.3:
                cv.polygon([(x - 4, y0), (x + hw + 1, y0),
                            (x + hw - 10, y0 - 18), (x + 7, y0 - 18)], roof)
            else:
                cv.rect(x - 2, y0 - 6, x + hw - 1, y0, roof)
                if rng.random() < 0.5:
                    cv.rect(x + 10, y0 - 28, x + 34, y0 - 6, cv.color("#5f6b7a"))
            for wy in range(y0 + 12, min(H - 10, y0 + hh + 40), 26):
                for wx in range(x + 10, x + hw - 18, 24):
                    cv.rect(wx, wy, wx + 9, wy + 12, window)
            x += hw

    # Línea de teleférico.
    p0, p1 = (-10, 560), (1210, 120)
    steel = cv.color("#2f3440")
    for off in (0, 10):
        y_at = cv.cable((p0[0], p0[1] + off), (p1[0], p1[1] + off), 70, 3,
                        None, "#2f3440")
    for frac in (0.22, 0.62):
        tx = int(p0[0] + (p1[0] - p0[0]) * frac)
        ty = int(y_at(tx))
        cv.polygon([(tx - 4, ty), (tx + 4, ty), (tx + 13, H), (tx - 13, H)], steel)
        cv.rect(tx - 22, ty - 4, tx + 22, ty + 2, steel)
    glass = cv.color("#cfe6f2")
    for k, code in enumerate(["#d8423a", "#d8423a", "#d8423a", "#d8423a", "#d8423a"]):
        cx = int(70 + k * 235)
        cy = int(y_at(cx)) + 5
        body = cv.color(code)
        cv.rect(cx - 1, cy, cx + 1, cy + 22, steel)
        cv.rect(cx - 16, cy + 20, cx + 16, cy + 23, steel)
        cv.rect(cx - 20, cy + 23, cx + 20, cy + 60, body)
        cv.rect(cx - 15, cy + 29, cx + 15, cy + 44, glass)
        cv.rect(cx - 1, cy + 29, cx + 1, cy + 44, body)

    return cv.enlarged(1400).save_png(path)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for name, fn in (("portada.png", draw_cover), ("teleferico.png", draw_teleferico)):
        path = os.path.join(OUT_DIR, name)
        size = fn(path)
        print(f"{os.path.relpath(path, ROOT)}: {size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
