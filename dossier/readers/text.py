"""Plain-text seeds: text pasted from a wire, a site, a channel. UTF-8 (or what an old
machine saved instead), any line endings.

The fallback format: any file no other reader recognises is read as text, and cleaned by the
source shape its text has (dossier/clean/).
"""

from __future__ import annotations

import itertools
from pathlib import Path

from dossier.clean import clean_source
from dossier.model import DossierError, SourceText
from dossier.readers.reading import Reading

FORMAT = "text"

# Share of control characters above which a file is binary, not text with a stray byte.
_BINARY_CONTROL_SHARE = 0.05
_SNIFF_BYTES = 8192


def recognises(path: Path, head: bytes) -> bool:
    return True


def companions(path: Path) -> list[Path]:
    return []


def read(path: Path, seed: str) -> Reading:
    source = read_text_seed(path, seed)
    return Reading(clean_source(source), notices=[str(note) for note in source.notes], raw_text=source.text)


def raw_text(path: Path, seed: str) -> SourceText:
    return read_text_seed(path, seed)


def read_text_seed(path: Path, seed: str) -> SourceText:
    """The seed's text, or a DossierError saying in a sentence why it can't be read."""
    text, notes = decode_text(path, text_bytes(path).removeprefix(b"\xef\xbb\xbf"))
    return SourceText(seed=seed, text=text.replace("\r\n", "\n").replace("\r", "\n"), notes=notes)


def text_bytes(path: Path) -> bytes:
    """A file's bytes, refused when it is empty or binary; UTF-16 (as Windows editors save
    "Unicode") turned into UTF-8."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise DossierError(path, "starts as UTF-16 but does not decode as UTF-16; skipped") from None
    if not data.strip():
        raise DossierError(path, "empty file, skipped")
    if _looks_binary(data[:_SNIFF_BYTES]):
        raise DossierError(path, "binary file, not text; skipped")
    return data


def decode_text(path: Path, data: bytes) -> tuple[str, tuple[DossierError, ...]]:
    """UTF-8, as it should be; else what the bytes most likely are, with a note saying so.

    Seeds come from old Windows machines and mail archives: Cyrillic in Windows-1251 or KOI8-R,
    Western text in Windows-1252, or UTF-8 with a byte broken in transit. Each is read, and the
    note tells the curator what was assumed.
    """
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        first_bad = error.start
    mended = data.decode("utf-8", errors="replace")
    broken = mended.count("\ufffd") - data.count("\ufffd".encode())
    well_formed = sum(1 for char in mended if char > "\x7f") - broken - data.count("\ufffd".encode())
    if well_formed >= broken * _UTF8_DAMAGE_RATIO:
        note = f"not all UTF-8: {broken} broken byte sequence(s) shown as \ufffd, the first on this line"
        return mended, (DossierError(path, note, line=line),)
    encoding = _legacy_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise DossierError(
            path,
            f"not valid UTF-8 (byte 0x{data[first_bad]:02x}), nor a single-byte encoding Dossier knows; "
            "skipped. Convert it to UTF-8, e.g. iconv -f <its encoding> -t utf-8",
            line=line,
        ) from None
    note = f"not UTF-8; read as {_ENCODING_NAMES[encoding]}. Save it as UTF-8 to be sure"
    return text, (DossierError(path, note),)


# Mostly well-formed UTF-8 with a few broken sequences is UTF-8 damaged in transit, not another
# encoding: single-byte Cyrillic or Latin text almost never forms a valid multi-byte sequence.
_UTF8_DAMAGE_RATIO = 4
_ENCODING_NAMES = {"cp1251": "Windows-1251 (Cyrillic)", "koi8_r": "KOI8-R (Cyrillic)", "cp1252": "Windows-1252"}


def _legacy_encoding(data: bytes) -> str:
    """Cyrillic letters all lie above 0xbf and come in words, runs of such bytes; a Western
    text's accents stand alone among ASCII letters. However much ASCII is around (the keys of a
    JSON export), the runs tell them apart. Russian is mostly lower case, which Windows-1251
    puts at 0xe0-0xff and KOI8-R at 0xc0-0xdf."""
    high = sum(1 for byte in data if byte >= 0xC0)
    in_runs = sum(1 for byte, following in itertools.pairwise(data) if byte >= 0xC0 and following >= 0xC0)
    if in_runs * 2 < high:
        return "cp1252"
    upper_half = sum(1 for byte in data if byte >= 0xE0)
    return "cp1251" if upper_half >= high - upper_half else "koi8_r"


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > len(head) * _BINARY_CONTROL_SHARE
