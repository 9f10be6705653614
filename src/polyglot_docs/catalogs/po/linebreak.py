"""Line-break opportunities exactly as GNU gettext computes them.

gettext wraps PO strings with libunistring's ``u8_width_linebreaks`` (Unicode
line breaking, UAX #14, with East Asian widths). Re-implementing UAX #14 would
drift from it in corner cases (URLs, CJK, quotes), so we call the same library
function gettext calls; ``msgcat`` on Debian links the same ``libunistring.so``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

from polyglot_docs.core.errors import PolyglotError

BREAK_UNDEFINED = 0
BREAK_PROHIBITED = 1
BREAK_POSSIBLE = 2


@cache
def _linebreaks_function() -> ctypes._CFuncPtr:  # type: ignore[name-defined]
    candidates = [ctypes.util.find_library("unistring"), "libunistring.so.5", "libunistring.so.2",
                  "libunistring.dylib"]
    for name in candidates:
        if not name:
            continue
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        function = library.u8_width_linebreaks
        function.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                             ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
        function.restype = ctypes.c_int
        return function
    raise PolyglotError(
        "libunistring is not installed; it is needed to wrap PO files as GNU gettext does "
        "(Debian: apt-get install libunistring2 gettext)"
    )


def width_linebreaks(portion: bytes, overrides: bytes, width: int, start_column: int) -> bytes:
    """Return one break code per byte of ``portion`` (UTF-8), as gettext's wrap() gets them."""
    if not portion:
        return b""
    result = ctypes.create_string_buffer(len(portion))
    _linebreaks_function()(portion, len(portion), width, start_column, 0, overrides, b"UTF-8", result)
    return result.raw
