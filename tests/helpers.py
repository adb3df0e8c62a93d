"""Small helpers to break a copy of the data on purpose."""
from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path


def read_rows(file: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(file.read_text(encoding="utf-8-sig"), newline="")))


def write_rows(file: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    file.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(file: Path, row: int, column: str, value: str) -> None:
    """Set a cell by spreadsheet row number (header = 1) and column name."""
    rows = read_rows(file)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(file, rows)


def append_row(file: Path, values: dict[str, str]) -> int:
    """Append a row (missing columns empty); returns its spreadsheet row number."""
    rows = read_rows(file)
    rows.append([values.get(h, "") for h in rows[0]])
    write_rows(file, rows)
    return len(rows)


def copy_row(file: Path, row: int, **changes: str) -> int:
    rows = read_rows(file)
    values = dict(zip(rows[0], rows[row - 1]))
    values.update(changes)
    return append_row(file, values)


def file_hashes(site: Path) -> dict[str, str]:
    """sha256 of every file under a folder, by relative path."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def png_pixels(data: bytes):
    """The pixels of an 8-bit RGB, RGBA or indexed-colour PNG as a numpy array (height, width,
    4), RGBA. Only the row filters None and Sub are read (resvg's, and cbod/render/png.py's)."""
    import struct
    import zlib

    import numpy as np

    pos, idat, palette = 8, b"", None
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 3, 6), (depth, colour)
        elif kind == b"PLTE":
            palette = np.frombuffer(body, dtype=np.uint8).reshape(-1, 3)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = {2: 3, 3: 1, 6: 4}[colour]
    rows = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, width * channels + 1)
    filters, pixels = rows[:, 0], rows[:, 1:].reshape(height, width, channels).astype(np.uint32)
    assert set(filters.tolist()) <= {0, 1}, f"row filters {set(filters.tolist())} are not read here"
    summed = np.cumsum(pixels, axis=1) % 256  # Sub: each byte adds the one a pixel to its left
    pixels = np.where(filters[:, None, None] == 1, summed, pixels).astype(np.uint8)
    if colour == 3:
        assert palette is not None
        pixels = palette[pixels[..., 0]]
    if pixels.shape[2] == 3:
        pixels = np.concatenate([pixels, np.full((height, width, 1), 255, dtype=np.uint8)], axis=2)
    return pixels
