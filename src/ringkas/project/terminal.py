"""What reaches a terminal: text only, never a control sequence from a notebook.

A title, a tag or an error a cell raised can hold `ESC ] 0; ... BEL` (which retitles the
terminal window), CSI sequences (which clear the screen or recolour it) or other controls.
`printable` removes them all, whole, keeping newlines and tabs; the CLI writes every command's
output through `PrintableStream`, so no command can forget it.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

#: Whole sequences first (so that their parameters go with them), then any other control:
#: C0 but tab and newline, DEL, C1. String commands (OSC, DCS, SOS, PM, APC) end at BEL or ST,
#: or at a newline when they never end, so one broken sequence does not swallow later lines.
_CONTROL = re.compile(r"""
      (?:\x1b\[|\x9b) [0-?]* [ -/]* [@-~]?                            # CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]) [^\x07\x1b\x9c\n]* (?:\x07|\x1b\\|\x9c)?
    | \x1b [ -/]* [0-~]?                                             # other escapes
    | [\x00-\x08\x0b-\x1f\x7f-\x9f]
""", re.VERBOSE)
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` without control characters and sequences; a lone surrogate, which no terminal
    encoding can write, becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


class PrintableStream:
    """A text stream that writes `printable(text)` to `stream`.

    A carriage return at the very start of a write is kept: that is how a progress bar
    (tqdm) redraws its line, and text from a notebook never starts a write.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes for a binary stream with b""
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        redraw = text[:1] == "\r"
        self._stream.write(("\r" if redraw else "") + printable(text[redraw:]))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":  # bytes written there would pass unfiltered
            raise AttributeError(name)
        return getattr(self._stream, name)
