"""NMEA 0183 sentences into fields: talker, sentence, each field (named for the common GPS sentences), and the
checksum (XOR of the characters between ``$`` and ``*``) checked."""

from __future__ import annotations

from app.decode.result import Decoded, DecodedField

#: Field names of the sentences GPS receivers send most; others are named f1, f2 …
NAMES: dict[str, tuple[str, ...]] = {
    "GGA": ("time", "lat", "lat_dir", "lon", "lon_dir", "quality", "satellites", "hdop", "altitude",
            "altitude_unit", "geoid", "geoid_unit", "age", "station"),
    "RMC": ("time", "status", "lat", "lat_dir", "lon", "lon_dir", "speed", "course", "date", "variation",
            "variation_dir", "mode", "nav_status"),
    "GLL": ("lat", "lat_dir", "lon", "lon_dir", "time", "status", "mode"),
    "VTG": ("course_true", "true_ref", "course_magnetic", "magnetic_ref", "speed_knots", "knots_unit",
            "speed_kmh", "kmh_unit", "mode"),
    "GSA": ("mode", "fix", *(f"sv{i}" for i in range(1, 13)), "pdop", "hdop", "vdop", "system"),
    "ZDA": ("time", "day", "month", "year", "zone_hours", "zone_minutes"),
}
LABELS: dict[tuple[str, str], dict[str, str]] = {
    ("GGA", "quality"): {"0": "invalid", "1": "GPS", "2": "DGPS", "3": "PPS", "4": "RTK fixed", "5": "RTK float",
                         "6": "estimated", "7": "manual", "8": "simulation"},
    ("RMC", "status"): {"A": "valid", "V": "warning"},
    ("GLL", "status"): {"A": "valid", "V": "warning"},
    ("GSA", "fix"): {"1": "no fix", "2": "2D", "3": "3D"},
}


def decode(data: bytes) -> Decoded:
    """One sentence (``$GPGGA,…*47``; a trailing CR LF is allowed)."""
    text = data.decode("latin-1")  # (one character a byte: offsets stay byte offsets)
    end = len(text.rstrip("\r\n"))
    fields: list[DecodedField] = []
    if not text or text[0] not in "$!":
        return Decoded.unfit("nmea", fields, "nmea-start")
    star = text.rfind("*", 0, end)
    body_end = star if star >= 0 else end
    parts = text[1:body_end].split(",")
    address = parts[0]
    if address.startswith("P"):  # proprietary: P and a maker's code
        talker, sentence = "P", address[1:]
    else:
        talker, sentence = address[:2], address[2:]
    fields.append(DecodedField("talker", talker, 1, len(talker), "string"))
    fields.append(DecodedField("sentence", sentence, 1 + len(talker), len(sentence), "string"))
    names = NAMES.get(sentence, ())
    pos = 1 + len(address) + 1
    for i, value in enumerate(parts[1:]):
        name = names[i] if i < len(names) else f"f{i + 1}"
        label = LABELS.get((sentence, name), {}).get(value)
        fields.append(DecodedField(name, value, pos, len(value), "string", label,
                                   label_code=None if label is None else ("word", (label,))))
        pos += len(value) + 1
    if star < 0:
        return Decoded("nmea", fields)  # (a checksum is optional in some sentences)
    given = text[star + 1:end]
    computed = 0
    for c in data[1:star]:
        computed ^= c
    try:
        read = int(given, 16)
    except ValueError:
        return Decoded.unfit("nmea", fields, "nmea-checksum", repr(given))
    if len(given) != 2:
        return Decoded.unfit("nmea", fields, "nmea-checksum", repr(given))
    fields.append(DecodedField("checksum", read, star + 1, 2, "text-checksum", None, read == computed,
                                computed))
    return Decoded("nmea", fields)
