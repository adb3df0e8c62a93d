"""Smaller, faster chart-card PNGs: resvg's PNG written again with the same pixels.

resvg writes 8-bit RGBA, every row filtered with Sub, deflated fast (~150 KB a card). A card
is opaque and has a few hundred colours at most (flat fills, and the anti-aliased edges of
text and lines against them), so it is written again as an indexed-colour PNG: one byte a
pixel and a palette, a quarter of the data to deflate (~25 KB a card, in half the time of
deflating the RGBA pixels again). The palette is sorted, so the same pixels give the same
bytes. An image this cannot hold exactly (transparency, more than 256 colours, another
pixel format or filter) keeps its pixels and is only deflated again.
"""
from __future__ import annotations

import struct
import zlib

import numpy as np

LEVEL = 6  # deflate level of the image data (6: about as small as 9, in a ninth of the time)
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if not data.startswith(_SIGNATURE):
        raise ValueError("not a PNG")
    chunks, pos = [], len(_SIGNATURE)
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        chunks.append((kind, data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return chunks


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _rgba(width: int, height: int, raw: bytes) -> np.ndarray | None:
    """The pixels (height × width × 4) of unfiltered-or-Sub rows of 8-bit RGBA; None for
    other filters (resvg writes Sub only)."""
    rows = np.frombuffer(raw, dtype=np.uint8).reshape(height, width * 4 + 1)
    filters = rows[:, 0]
    if not np.isin(filters, (0, 1)).all():
        return None
    pixels = rows[:, 1:].reshape(height, width, 4)
    summed = np.cumsum(pixels, axis=1, dtype=np.uint8)  # Sub: add the byte one pixel to the left, mod 256
    return np.where((filters == 1)[:, None, None], summed, pixels)


def _indexed(pixels: np.ndarray) -> tuple[bytes, bytes] | None:
    """Palette (RGB triples, sorted) and one index a pixel, or None when the image has
    transparency or more than 256 colours."""
    if (pixels[..., 3] != 255).any():
        return None
    height, width, _ = pixels.shape
    keys = np.ascontiguousarray(pixels).view(np.uint32).ravel()
    # colours come in runs along a row: find the palette among the runs, not every pixel
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    colours, run_index = np.unique(keys[starts], return_inverse=True)
    if len(colours) > 256:
        return None
    index = np.repeat(run_index.astype(np.uint8), np.diff(np.append(starts, keys.size)))
    rows = np.zeros((height, width + 1), dtype=np.uint8)  # filter byte 0 (None) on every row
    rows[:, 1:] = index.reshape(height, width)
    palette = colours.view(np.uint8).reshape(-1, 4)[:, :3]
    return palette.tobytes(), rows.tobytes()


def compact(data: bytes, level: int = LEVEL) -> bytes:
    """The PNG `data` (as resvg writes it) with the same pixels, as small and fast as it goes."""
    chunks = _chunks(data)
    header = dict(chunks).get(b"IHDR", b"")
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    indexed = None
    if depth == 8 and colour == 6 and interlace == 0:
        pixels = _rgba(width, height, raw)
        if pixels is not None:
            indexed = _indexed(pixels)
    out, placed = [_SIGNATURE], False
    for kind, body in chunks:
        if kind == b"IHDR" and indexed:
            body = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
            out.append(_chunk(kind, body) + _chunk(b"PLTE", indexed[0]))
            continue
        if kind == b"IDAT":
            if placed:
                continue
            body, placed = zlib.compress(indexed[1] if indexed else raw, level), True
        out.append(_chunk(kind, body))
    return b"".join(out)
