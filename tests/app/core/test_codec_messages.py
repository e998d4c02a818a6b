"""Codec error messages name what the user chose and show what the user typed."""

from __future__ import annotations

import pytest

from app.core.codec import encode_text, parse_hex
from app.core.errors import InvalidHex, UnencodableText


def test_unencodable_in_gb2312_names_gb2312_not_the_internal_gbk_codec() -> None:
    with pytest.raises(UnencodableText) as err:
        encode_text("ab€", "gb2312")
    message = str(err.value)
    assert "GB2312" in message and "gbk" not in message.lower(), message
    assert err.value.position == 2 and "position 3" in message and "U+20AC" in message
    with pytest.raises(UnencodableText) as err:  # the same through the escape path
        encode_text(r"\x41€", "gb2312", escapes=True)
    assert "GB2312" in str(err.value) and "gbk" not in str(err.value).lower()


def test_unencodable_names_the_chosen_label_for_other_encodings() -> None:
    with pytest.raises(UnencodableText) as err:
        encode_text("哈", "latin-1")
    assert "Latin-1" in str(err.value)


@pytest.mark.parametrize("ch", ["\\", "'", '"', "G", "é"])
def test_invalid_hex_shows_the_character_as_typed(ch: str) -> None:
    with pytest.raises(InvalidHex) as err:
        parse_hex(f"12 {ch} 34")
    message = str(err.value)
    assert f"“{ch}”" in message, message
    assert "position 4" in message and err.value.position == 3
    if ch == "\\":
        assert "\\\\" not in message, message


def test_invalid_hex_names_an_invisible_character_by_code_point() -> None:
    with pytest.raises(InvalidHex) as err:
        parse_hex("12\x0734")
    assert "U+0007" in str(err.value)


def test_odd_hex_digits_message_shows_the_token() -> None:
    with pytest.raises(InvalidHex) as err:
        parse_hex("AB CDE")
    assert "“CDE”" in str(err.value)
