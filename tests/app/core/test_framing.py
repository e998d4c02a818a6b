from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.framing import MAX_FRAME, Framer, FramingSpec


def feed_all(spec: FramingSpec, pieces: list[bytes], gaps: list[int] | None = None) -> tuple[list[bytes], bytes]:
    f = Framer(spec)
    frames: list[bytes] = []
    t = 0
    for i, p in enumerate(pieces):
        t += gaps[i] if gaps else 1
        frames += f.feed(p, t)
    return frames, f.flush()


def test_delimiter_fixed_and_length_prefix() -> None:
    frames, rest = feed_all(FramingSpec("delimiter"), [b"AT\r", b"\nOK\r\nER", b"R"])
    assert frames == [b"AT\r\n", b"OK\r\n"] and rest == b"ERR"
    frames, rest = feed_all(FramingSpec("fixed", size=3), [b"abcd", b"efg", b"h"])
    assert frames == [b"abc", b"def"] and rest == b"gh"
    # the course upload: a 4-byte big-endian length, then the data
    msg = (5).to_bytes(4, "big") + b"hello"
    frames, rest = feed_all(FramingSpec("length", length_size=4), [msg[:3], msg[3:] + msg[:2]])
    assert frames == [msg] and rest == msg[:2]
    # length at offset 1, little endian, counting the whole frame (header included)
    frame = b"\xaa" + (6).to_bytes(2, "little") + b"xyz"
    spec = FramingSpec("length", length_offset=1, length_size=2, length_order="little", length_includes_header=True)
    assert feed_all(spec, [frame * 2]) == ([frame, frame], b"")


def test_idle_gap_and_nonsense_length() -> None:
    frames, rest = feed_all(FramingSpec("idle", idle_ms=20), [b"a", b"b", b"c", b"d"], gaps=[0, 5, 50, 5])
    assert frames == [b"ab"] and rest == b"cd"
    spec = FramingSpec("length", length_size=1, length_includes_header=True)
    assert feed_all(spec, [b"\x00\x00\x01"]) == ([b"\x00", b"\x00", b"\x01"], b"")


def test_a_frame_that_never_completes_is_bounded() -> None:
    f = Framer(FramingSpec("delimiter", delimiter=b"\n"))
    out = f.feed(b"x" * (MAX_FRAME + 1))
    assert out == [b"x" * (MAX_FRAME + 1)] and f.pending == 0


def test_bad_specs_are_refused() -> None:
    with pytest.raises(ValueError):
        FramingSpec("delimiter", delimiter=b"")
    with pytest.raises(ValueError):
        FramingSpec("length", length_size=3)


specs = st.one_of(
    st.just(FramingSpec("raw")),
    st.builds(FramingSpec, mode=st.just("delimiter"), delimiter=st.binary(min_size=1, max_size=3)),
    st.builds(FramingSpec, mode=st.just("fixed"), size=st.integers(1, 9)),
    st.builds(FramingSpec, mode=st.just("length"), length_offset=st.integers(0, 3),
              length_size=st.sampled_from([1, 2, 4]), length_order=st.sampled_from(["big", "little"]),
              length_includes_header=st.booleans()),
    st.builds(FramingSpec, mode=st.just("idle"), idle_ms=st.integers(0, 30)),
)


@given(specs, st.binary(max_size=400), st.lists(st.integers(0, 400), max_size=10),
       st.lists(st.integers(0, 60), min_size=11, max_size=11))
def test_frames_concatenate_to_the_stream_for_any_split(spec: FramingSpec, stream: bytes, cuts: list[int],
                                                        gaps: list[int]) -> None:
    points = sorted({c % (len(stream) + 1) for c in cuts})
    pieces = [stream[a:b] for a, b in zip([0, *points], [*points, len(stream)], strict=True)]
    frames, rest = feed_all(spec, pieces, gaps[:len(pieces)])
    assert b"".join(frames) + rest == stream
    assert all(frames)  # no empty frames
