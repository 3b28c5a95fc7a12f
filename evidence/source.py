"""Turning a file's bytes into text, refusing what is not text.

Every input is hostile until decoded: a file may be empty, binary, UTF-16, in a
legacy code page, or too large to hold in memory. Each refusal is an `InputError`
whose message the user reads next to the file name.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from evidence.model import InputError

# Large exports exist (a 50,000-record MEDLINE file is ~150 MB), but a file far
# beyond that is more likely a mistake than a bibliography; the limit is a
# parameter of `ingest` so a user with a real 300 MB export can raise it.
DEFAULT_MAX_BYTES = 150 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class SourceFile:
    """A decoded input file. `name` is the stable, machine-independent source name."""

    path: Path
    name: str
    data: bytes
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        """Record a problem that did not stop the file from being read."""
        self.warnings.append(message)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    # Text has few C0 controls besides tab/newline/CR/form feed/escape.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 50)


# Bibliographic exports that are not UTF-8 almost always come from Windows tools.
# On short texts the detector scores several code pages alike and may pick a rare
# one (Mac Central European for French accents); among guesses about as good as
# its best, the common Western code pages win.
_COMMON_LEGACY = ("cp1252", "iso8859_15", "latin_1", "cp1250")
_CHAOS_MARGIN = 0.1


def _guess_legacy_encoding(data: bytes) -> str:
    matches = list(from_bytes(data))
    if not matches:
        return "cp1252"
    best_chaos = min(m.chaos for m in matches)
    close = {m.encoding for m in matches if m.chaos <= best_chaos + _CHAOS_MARGIN}
    for encoding in _COMMON_LEGACY:
        if encoding in close:
            return encoding
    return matches[0].encoding


def decode_bytes(data: bytes) -> tuple[str, str, str | None]:
    """Decode `data`; returns (text, encoding, warning or None).

    UTF-8 is tried first because nearly every modern export is UTF-8 and a
    detector can mistake short UTF-8 for something else. Only when UTF-8 fails
    is the encoding guessed, and the guess is reported so the reviewer knows.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, None
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}: "
                    f"{exc.reason} at byte {exc.start}"
                ) from None
    if _looks_binary(data):
        raise InputError("binary file, not text (NUL or control bytes)")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    encoding = _guess_legacy_encoding(data[: 4 * 1024 * 1024])
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text, encoding = data.decode("utf-8", errors="replace"), "utf-8 (with replacements)"
    return text, encoding, f"not valid UTF-8 (first bad byte at {first_bad}); read as {encoding}"


def load(path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    """Read and decode one file, or raise `InputError` saying why it cannot be used."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise InputError(
            f"too large: {size / 1e6:.0f} MB is over the {max_bytes / 1e6:.0f} MB limit "
            "(raise it with --max-size MB)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError("empty file")
    text, encoding, warning = decode_bytes(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    source = SourceFile(path=path, name=name, data=data, text=text, encoding=encoding)
    if warning:
        source.warn(warning)
    return source
