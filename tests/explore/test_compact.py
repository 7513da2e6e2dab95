"""The packed encoding of the explorers' tables (explore/compact.py): it round-trips, it is deterministic,
it is smaller, and malformed text gets a clear error."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scheming_companion.explore.compact import decode_table, encode_table, pack, unpack
from scheming_companion.figures.slack import slack_explorable

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=6), children, max_size=6),
    max_leaves=40,
)


@settings(max_examples=200)
@given(st.binary(max_size=3000))
def test_pack_round_trips_any_bytes(data):
    assert unpack(pack(data)) == data


@settings(max_examples=100)
@given(JSONISH)
def test_tables_round_trip(table):
    assert decode_table(encode_table(table)) == table


def test_kwkwk_and_code_width_growth_round_trip():
    # "aaaa..." makes the decoder meet the code it is about to define; 5000 varied bytes pass 511 and 1023
    # codes, where each code grows a bit wider.
    for data in (b"a" * 1000, bytes(range(256)) * 20, bytes((i * 7919) % 251 for i in range(5000))):
        assert unpack(pack(data)) == data


def test_a_real_table_is_smaller_and_deterministic():
    table = slack_explorable().static_html().table()
    packed = encode_table(table)
    assert len(packed) < 0.6 * len(json.dumps(table, separators=(",", ":")))
    assert packed == encode_table(json.loads(json.dumps(table))), "the same table, the same text"
    assert decode_table(packed) == table


@pytest.mark.parametrize("text, message", [
    ("nonsense", "must look like"),
    ("lzw2:1:1:AA==", "must look like"),
    ("lzw1:x:1:AA==", "must look like"),
    ("lzw1:1:1:@@@@", "bad base64"),
    ("lzw1:5:5:" + base64.b64encode(b"\x30").decode(), "ends early"),
    ("lzw1:1:1:" + base64.b64encode(b"\xff\x80").decode(), "impossible code"),
])
def test_malformed_text_is_refused_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        unpack(text)


def test_declared_length_is_checked():
    good = pack(b"hello")
    codes, n, b64 = good.split(":")[1:]
    with pytest.raises(ValueError, match="declares"):
        unpack(f"lzw1:{codes}:{int(n) + 1}:{b64}")


@pytest.mark.parametrize("bad", [None, 12, "text", ["a"]])
def test_pack_takes_bytes(bad):
    with pytest.raises(ValueError, match="bytes"):
        pack(bad)


@pytest.mark.parametrize("bad", [None, b"lzw1:1:1:AA==", 3])
def test_unpack_takes_text(bad):
    with pytest.raises(ValueError, match="text"):
        unpack(bad)
