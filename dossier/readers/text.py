"""Plain-text seeds: text pasted from a wire, a site, a channel. UTF-8, any line endings.

The fallback format: any file no other reader recognises is read as text, and cleaned by the
source shape its text has (dossier/clean/).
"""

from __future__ import annotations

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
    return Reading(clean_source(read_text_seed(path, seed)))


def raw_text(path: Path, seed: str) -> SourceText:
    return read_text_seed(path, seed)


def read_text_seed(path: Path, seed: str) -> SourceText:
    """The seed's text, or a DossierError saying in a sentence why it can't be read."""
    data = text_bytes(path)
    text = decode_utf8(path, data.removeprefix(b"\xef\xbb\xbf"))
    return SourceText(seed=seed, text=text.replace("\r\n", "\n").replace("\r", "\n"))


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


def decode_utf8(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DossierError(
            path,
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); skipped. If it is Cyrillic in "
            "Windows-1251, convert it: iconv -f cp1251 -t utf-8",
            line=line,
        ) from None


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > len(head) * _BINARY_CONTROL_SHARE
