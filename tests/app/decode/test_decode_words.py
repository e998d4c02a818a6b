"""The decoders' words as codes and arguments (``Words``): English for the CLI, said by the window's ``say`` in its
language. Field names, values and a user's own enum labels are never handed to ``say``."""

from __future__ import annotations

from app.decode import BUILTINS, ENGLISH, LayoutDecoder, english, format_line, parse_layout, unshown_facts
from app.view.render import DECODED_MARK, decoded_search


def bracket(code: str, args: tuple[str, ...]) -> str:
    """A ``say`` that shows what it was asked: ``<code:arg,arg>``."""
    return f"<{code}:{','.join(args)}>"


def test_every_error_and_label_carries_its_code_and_its_english_matches() -> None:
    rtu = BUILTINS["modbus-rtu"]
    bad = rtu.decode(bytes.fromhex("01 03 02 00 2A 38 5B"))
    cut = rtu.decode(bytes.fromhex("01 03 04 00 2A 00 2B"))
    assert bad.get("function").label_code == ("modbus-response", ("3", "Read Holding Registers"))
    assert cut.error_code == ("short", ("2", "registers"))
    assert cut.error == english(*cut.error_code) == "does not fit: 2 bytes short for registers"
    assert english("short", ("1", "a")) == "does not fit: 1 byte short for a"
    assert format_line(bad, say=bracket) == (
        "address=1 function=3 (<modbus-response:3,Read Holding Registers>) byte_count=2 registers[0]=42 "
        "crc=0x5B38 ✗ <expected:0x9B39>")
    assert format_line(cut, say=bracket).endswith("⚠ <short:2,registers>")
    # without say, and with English said back, the line is the CLI's
    assert format_line(cut, say=english) == format_line(cut) == format_line(cut, say=None)


def test_a_protocols_own_names_and_a_users_enum_labels_are_not_words() -> None:
    tftp = BUILTINS["tftp"].decode(b"\x00\x01test.jpg\x00octet\x00")
    assert format_line(tftp, say=bracket) == "opcode=1 (RRQ) filename=test.jpg mode=octet"
    error = BUILTINS["tftp"].decode(b"\x00\x05\x00\x01nope\x00")
    assert format_line(error, say=bracket) == "opcode=5 (ERROR) code=1 (<word:File not found>) message=nope"
    mine = LayoutDecoder(parse_layout({"name": "t", "fields": [
        {"name": "op", "type": "u8", "enum": {"1": "Read Coils"}}, {"name": "n", "type": "u8"}]}))
    decoded = mine.decode(b"\x01")
    assert format_line(decoded, say=bracket) == "op=1 (Read Coils) ⚠ <short:1,n>"


def test_every_code_a_decoder_says_has_english() -> None:
    """Each Unfit code in app/decode is in ENGLISH (an unknown code would reach the user as its bare name)."""
    import pathlib
    import re

    folder = pathlib.Path(__file__).resolve().parents[3] / "app" / "decode"
    said: set[str] = set()
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        said |= set(re.findall(r'Unfit\("([a-z0-9-]+)"', text))
        said |= set(re.findall(r'Decoded\.unfit\([^,]+, [^,]+, "([a-z0-9-]+)"', text))
        said |= set(re.findall(r'r\.done\("([a-z0-9-]+)"', text))
    assert len(said) > 20 and said <= set(ENGLISH), said - set(ENGLISH)


def test_find_facts_and_names_survive_a_translated_line() -> None:
    """What find and the filter match in a decoded line said in another language: ``function=3`` is on the line,
    ``crc.valid=false`` is found where the line shows the crc."""
    rtu = BUILTINS["modbus-rtu"]
    data = bytes.fromhex("01 03 02 00 2A 38 5B")
    line, facts = decoded_search(rtu, data, say=bracket)
    assert line.startswith(DECODED_MARK + "address=1 function=3 (<modbus-response")
    assert [words for words, _a, _b in facts] == ["crc.valid=false"]
    start, end = facts[0][1:]
    assert line[start:end] == "crc=0x5B38 ✗ <expected:0x9B39>"
    assert unshown_facts(rtu.decode(data), format_line(rtu.decode(data)))[0][0] == "crc.valid=false"
