"""A compact, deterministic text encoding for the explorers' precomputed tables.

An explorer ships every grid point's figure patch in its page (:meth:`StaticExplorer.table`). As JSON the
biggest tables are 200-330 kB: the same numbers, words and keys over and over. This module packs the JSON's
UTF-8 bytes with LZW (variable-width codes, no dictionary reset), then base64: about a fifth of the size, and
the book's script (``book/static/scheming-book.js``, ``decodeTable``) unpacks it in a few milliseconds when
the figure first draws or is touched.

The algorithm is written out here rather than taken from ``zlib``, so that the same table gives the same bytes
on every machine and Python build (stored notebook outputs are compared strictly by nbval).

Format: ``"lzw1:<number of codes>:<number of bytes>:<base64>"``. In the built book each table travels in a file of
its own (book/sphinx_ext.py's ``external_tables``) as ``"lzw1b85:…"``, the same fields with the bytes in base85
(Python's ``base64.b85encode`` alphabet, which needs no escaping inside a JavaScript string): 6 % smaller than
base64. :func:`unpack` reads both. Code ``k`` (from 0) is
``max(9, (255 + k).bit_length())`` bits wide, most significant bit first; the bit string is padded with zeros
to whole bytes.
"""

from __future__ import annotations

import base64
import json
from typing import Any

PREFIX = "lzw1"
PREFIX_B85 = "lzw1b85"


def _width(k: int) -> int:
    """Bits of the ``k``-th code: enough for every code the decoder can meet at that point."""
    return max(9, (255 + k).bit_length())


def pack(data: bytes) -> str:
    """LZW-compress ``data`` and return it in the text format above."""
    if not isinstance(data, bytes | bytearray):
        raise ValueError(f"pack takes bytes, got {type(data).__name__}")
    table: dict[int, int] = {}  # (prefix code << 8 | next byte) -> code
    next_code = 256
    codes: list[int] = []
    w = -1
    for c in data:
        if w < 0:
            w = c
            continue
        key = w << 8 | c
        found = table.get(key)
        if found is not None:
            w = found
        else:
            codes.append(w)
            table[key] = next_code
            next_code += 1
            w = c
    if w >= 0:
        codes.append(w)
    acc = 0
    bits = 0
    out = bytearray()
    for k, code in enumerate(codes):
        width = _width(k)
        acc = acc << width | code
        bits += width
        while bits >= 8:
            bits -= 8
            out.append(acc >> bits & 0xFF)
        acc &= (1 << bits) - 1
    if bits:
        out.append(acc << (8 - bits) & 0xFF)
    return f"{PREFIX}:{len(codes)}:{len(data)}:{base64.b64encode(bytes(out)).decode('ascii')}"


def unpack(text: str) -> bytes:
    """The bytes :func:`pack` packed; a ``ValueError`` says what is wrong with malformed text."""
    if not isinstance(text, str):
        raise ValueError(f"unpack takes text, got {type(text).__name__}")
    parts = text.split(":")
    if len(parts) != 4 or parts[0] not in (PREFIX, PREFIX_B85) or not parts[1].isdigit() or not parts[2].isdigit():
        raise ValueError(f"packed text must look like '{PREFIX}:<codes>:<bytes>:<base64>' "
                         f"or '{PREFIX_B85}:<codes>:<bytes>:<base85>'")
    n_codes, n_bytes = int(parts[1]), int(parts[2])
    try:
        raw = base64.b64decode(parts[3], validate=True) if parts[0] == PREFIX else base64.b85decode(parts[3])
    except ValueError as err:
        raise ValueError(f"packed text has bad {'base64' if parts[0] == PREFIX else 'base85'}: {err}") from None
    entries: list[bytes] = [bytes([i]) for i in range(256)]
    out = bytearray()
    acc = bits = pos = 0
    prev = b""
    for k in range(n_codes):
        width = _width(k)
        while bits < width:
            if pos >= len(raw):
                raise ValueError("packed text ends early")
            acc = acc << 8 | raw[pos]
            pos += 1
            bits += 8
        bits -= width
        code = acc >> bits
        acc &= (1 << bits) - 1
        if code < len(entries):
            entry = entries[code]
        elif code == len(entries) and prev:
            entry = prev + prev[:1]
        else:
            raise ValueError(f"packed text has an impossible code {code} at position {k}")
        if prev:
            entries.append(prev + entry[:1])
        out += entry
        prev = entry
    if len(out) != n_bytes:
        raise ValueError(f"packed text unpacks to {len(out)} bytes, not the {n_bytes} it declares")
    return bytes(out)


def encode_table(table: Any) -> str:
    """A JSON-able table as packed text (compact, key-sorted JSON first: the same table, the same text)."""
    text = json.dumps(table, separators=(",", ":"), sort_keys=True, ensure_ascii=False, allow_nan=False)
    return pack(text.encode("utf-8"))


def decode_table(text: str) -> Any:
    """The table :func:`encode_table` encoded."""
    return json.loads(unpack(text).decode("utf-8"))
