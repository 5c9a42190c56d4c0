"""The QR code as PNG, SVG and the ``--qr text`` payload (the terminal's half blocks: tafel.ui.widgets.qr_view).

One module matrix per payload (made with ``qrcode``, cached) feeds every picture, so the PNG,
the SVG and the PDF drawing always agree. Dark modules on white, always: an inverted code does
not scan on many phones.
"""

from __future__ import annotations

import io
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_L, ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError

from tafel.domain.errors import TafelError
from tafel.render.content import Summary, advice, directions, label

# Byte-mode capacity of the largest code (version 40) at error correction level L.
MAX_TEXT_BYTES = 2953
QUIET = 4  # the quiet zone the standard asks for, in modules

Matrix = tuple[tuple[bool, ...], ...]


@lru_cache(maxsize=16)
def matrix(data: str, *, quiet: int = QUIET, level: str = "M") -> Matrix:
    """The modules of the smallest code holding ``data``, quiet zone included (True is dark)."""
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECT_L if level == "L" else ERROR_CORRECT_M, box_size=1, border=quiet,
    )
    code.add_data(data.encode("utf-8"))
    try:
        code.make(fit=True)
    except (DataOverflowError, ValueError):
        raise TafelError("summary.qr_too_long", over=max(len(data.encode("utf-8")) - MAX_TEXT_BYTES, 1),
                         max=MAX_TEXT_BYTES) from None
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


def text_payload(summary: Summary) -> str:
    """``--qr text``: the direction and the advice themselves, for a phone without network."""
    lines = [summary.title, summary.date_text, ""]
    found = [d.strip() for d in directions(summary) if d.strip()]
    if found:
        lines += [label(summary, "qr.direction") + ":", *found, ""]
    ranked = [a for a in advice(summary) if a.text.strip()]
    if ranked:
        lines.append(label(summary, "qr.advice") + ":")
        lines += [f"{a.rank}. {a.text.strip()}" for a in ranked]
    return "\n".join(lines).strip() + "\n"


def check_text_payload(text: str) -> None:
    """Raise ``summary.qr_too_long`` (saying by how many bytes) when ``text`` cannot be a QR code."""
    size = len(text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise TafelError("summary.qr_too_long", over=size - MAX_TEXT_BYTES, max=MAX_TEXT_BYTES)
    matrix(text, level="L")



def png(data: str, *, scale: int = 8, level: str = "M") -> bytes:
    from PIL import Image

    modules = matrix(data, level=level)
    n = len(modules)
    image = Image.frombytes("L", (n, n), bytes(0 if m else 255 for row in modules for m in row))
    image = image.resize((n * scale, n * scale), Image.Resampling.NEAREST).convert("1")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def runs(modules: Matrix) -> list[tuple[int, int, int]]:
    """Dark modules as horizontal runs (x, y, length): fewer shapes for SVG and PDF."""
    out = []
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                out.append((start, y, x - start))
            else:
                x += 1
    return out


def svg(data: str, *, level: str = "M") -> str:
    modules = matrix(data, level=level)
    n = len(modules)
    path = "".join(f"M{x} {y}h{w}v1h-{w}z" for x, y, w in runs(modules))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{n * 8}" height="{n * 8}" '
        f'shape-rendering="crispEdges" role="img">'
        f'<rect width="{n}" height="{n}" fill="#fff"/><path fill="#000" d="{path}"/></svg>\n'
    )
