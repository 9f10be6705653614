"""What a translation may contain (issue 13, §4): rows of docs/RELIABILITY.md.

None of these is refused with a one-line error: a translation is the translator's to fix, so
each is reported (a markup error withholds the edition; a check finding names the unit), and the
tests named in ``BEHAVIOUR`` show it.
"""

from __future__ import annotations

CASES: list[object] = []

_T = "test_translation_content.py"
BEHAVIOUR: list[tuple[str, str, str, str, str]] = [
    ("translation", 'an inline code with a namespace, `<a1 xmlns="urn:x">` or `<x1 xmlns="urn:x"/>`', "check, build",
     "markup error `<a1> has a namespace`; the unit is invalid, so `build` withholds the edition "
     "(`1 with markup errors (p3)`) and a draft shows the source with its link and protected text",
     f"{_T}::test_build_withholds_an_edition_whose_code_carries_a_namespace"),
    ("translation", "a namespaced or attributed code reaching the rebuild without the markup check", "build",
     "refused (`cannot be rebuilt without losing text`), never dropped from the page",
     "test_inline.py::test_decoding_refuses_rather_than_drops_text"),
    ("translation", "a line break or tab the source does not have", "check",
     "warning `newlines: 1 line break where the source has 0` (`tabs` alike)", "test_checks.py::test_check"),
    ("translation", "a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069)", "check",
     "error `bidi`, naming the control by code point, never printing it", f"{_T}::test_severities_of_the_new_checks"),
    ("translation", "a zero-width character (U+200B–U+200D, U+2060, U+FEFF)", "check",
     "warning `zerowidth`, naming the character by code point", f"{_T}::test_severities_of_the_new_checks"),
    ("translation", "a URL or e-mail address added or changed, in the text or as a link's text", "check",
     "error `urls: “…” is not in the source`; a source address left out is a warning",
     f"{_T}::test_severities_of_the_new_checks"),
    ("translation", "`:x:` and `[red]` in a quoted translation, glossary entry or catalog line", "check, status",
     "printed as written, no emoji, no colour", f"{_T}::test_a_quoted_translation_is_printed_literally"),
]
