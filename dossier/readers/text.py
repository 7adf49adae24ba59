"""Plain-text seeds: text pasted from a wire, a site, a channel. UTF-8, any line endings."""

from __future__ import annotations

from pathlib import Path

from dossier.model import DossierError, SourceText

# Share of control characters above which a file is binary, not text with a stray byte.
_BINARY_CONTROL_SHARE = 0.05
_SNIFF_BYTES = 8192


def read_text_seed(path: Path, seed: str) -> SourceText:
    """The seed's text, or a DossierError saying in a sentence why it can't be read."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows editors save "Unicode" as UTF-16
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise DossierError(path, "starts as UTF-16 but does not decode as UTF-16; skipped") from None
    if not data.strip():
        raise DossierError(path, "empty file, skipped")
    if _looks_binary(data[:_SNIFF_BYTES]):
        raise DossierError(path, "binary file, not text; skipped")
    text = decode_utf8(path, data.removeprefix(b"\xef\xbb\xbf"))
    return SourceText(seed=seed, text=text.replace("\r\n", "\n").replace("\r", "\n"))


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
