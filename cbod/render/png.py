"""Smaller, faster chart-card PNGs: resvg's PNG written again with the same pixels.

resvg writes 8-bit RGBA, every row filtered with Sub, deflated fast (~150 KB a card). A card
is opaque and has a few hundred colours at most (flat fills, and the anti-aliased edges of
text and lines against them), so it is written again as an indexed-colour PNG: one byte a
pixel and a palette, a quarter of the data to deflate (~25 KB a card, in half the time of
deflating the RGBA pixels again). The palette is sorted, so the same pixels give the same
bytes. An image this cannot hold exactly (transparency, more than 256 colours, another
pixel format or filter) keeps its pixels and is only deflated again.

Per card (1200 × 630): reading resvg's pixels as runs of one colour and writing them again
take about 9 ms; unfiltering every pixel and deflating with the standard zlib took 27. Both
inflating and deflating are zlib-ng's (python-zlib-ng, pinned): its deflate at level 6 takes
2 ms a card where zlib's takes 5, for files 2 % smaller. Its bytes are not zlib's, but they
are the same on every run with the same zlib-ng (its version is part of the cards' cache key).
"""
from __future__ import annotations

import struct
import zlib

import numpy as np
from zlib_ng.zlib_ng import compress as deflate
from zlib_ng.zlib_ng import decompress as inflate  # the same bytes as zlib's, in a sixth of the time

LEVEL = 6  # deflate level of the image data (6: 7 % larger than 9, in a sixth of the time)
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


def _runs(width: int, height: int, raw: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    """The image as runs of one colour along its rows: the RGBA of each run (n × 4) and its
    length in pixels, read from rows filtered with None or Sub; None for other filters
    (resvg writes Sub only).

    A Sub row holds each byte less the byte a pixel to its left: a pixel that repeats the one
    before it is four zero bytes. So a run starts where a Sub row holds a pixel that is not
    zero (or a None row a pixel unlike the one before it), and only the run starts are summed
    back into colours: a card has some tens of thousands of runs for 756,000 pixels."""
    rows = np.frombuffer(raw, dtype=np.uint8).reshape(height, width * 4 + 1)
    filters = rows[:, 0]
    if not np.isin(filters, (0, 1)).all():
        return None
    data = np.ascontiguousarray(rows[:, 1:])
    keys = data.view(np.uint32)  # one number a pixel (height × width)
    sub = filters == 1
    starts = np.ones((height, width), dtype=bool)  # a run starts at every row's first pixel
    if sub.all():  # resvg's rows
        np.not_equal(keys[:, 1:], 0, out=starts[:, 1:])
    else:
        starts[:, 1:] = np.where(sub[:, None], keys[:, 1:] != 0, keys[:, 1:] != keys[:, :-1])
    first = np.flatnonzero(starts)
    row = first // width
    held = data.reshape(-1, 4)[first]  # the filtered bytes at each run start
    # Sub: the colour of a run is the sum (mod 256) of its row's run starts up to it. Summed over
    # the whole image, less the sum before the row's first run.
    summed = np.cumsum(held, axis=0, dtype=np.uint8)
    row_first = np.flatnonzero(first % width == 0)  # one a row, in order
    before = np.zeros((height, 4), dtype=np.uint8)
    before[1:] = summed[row_first[1:] - 1]
    colours = np.where(sub[row][:, None], summed - before[row], held)
    lengths = np.diff(np.append(first, height * width))
    return colours, lengths


def _indexed(width: int, height: int, colours: np.ndarray, lengths: np.ndarray) -> tuple[bytes, bytes] | None:
    """Palette (RGB triples, sorted) and one index a pixel of an image given as runs, or None
    when it has transparency or more than 256 colours."""
    if (colours[:, 3] != 255).any():
        return None
    keys = np.ascontiguousarray(colours).view(np.uint32).ravel()
    palette, run_index = np.unique(keys, return_inverse=True)
    if len(palette) > 256:
        return None
    rows = np.zeros((height, width + 1), dtype=np.uint8)  # filter byte 0 (None) on every row
    rows[:, 1:] = np.repeat(run_index.astype(np.uint8), lengths).reshape(height, width)
    return palette.view(np.uint8).reshape(-1, 4)[:, :3].tobytes(), rows.tobytes()


def compact(data: bytes, level: int = LEVEL) -> bytes:
    """The PNG `data` (as resvg writes it) with the same pixels, as small and fast as it goes."""
    chunks = _chunks(data)
    header = dict(chunks).get(b"IHDR", b"")
    raw = inflate(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    indexed = None
    if depth == 8 and colour == 6 and interlace == 0:
        runs = _runs(width, height, raw)
        if runs is not None:
            indexed = _indexed(width, height, *runs)
    out, placed = [_SIGNATURE], False
    for kind, body in chunks:
        if kind == b"IHDR" and indexed:
            body = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
            out.append(_chunk(kind, body) + _chunk(b"PLTE", indexed[0]))
            continue
        if kind == b"IDAT":
            if placed:
                continue
            body, placed = deflate(indexed[1] if indexed else raw, level), True
        out.append(_chunk(kind, body))
    return b"".join(out)
