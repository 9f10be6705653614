"""Inline markup: block XML to msgid and back."""

from __future__ import annotations

import pytest
from lxml import etree

from polyglot_docs.documents.inline import decode_translation, encode_block, markup_problems

ITS = 'xmlns:its="http://www.w3.org/2005/11/its"'


def block(xml: str) -> etree._Element:
    return etree.fromstring(f"<p {ITS}>{xml}</p>")


def test_attributes_fold_away_and_come_back() -> None:
    encoded = encode_block(block('See <a href="https://example.org/x">the <em>judgment</em></a> &amp; more.'))
    assert encoded.text == "See <a1>the <em>judgment</em></a1> &amp; more."
    rebuilt = decode_translation("См. <a1><em>приговор</em></a1> и далее.", encoded.codes)
    assert etree.tostring(rebuilt, encoding="unicode") == (
        '<unit>См. <a href="https://example.org/x"><em>приговор</em></a> и далее.</unit>')


def test_protected_span_is_a_placeholder_restored_verbatim() -> None:
    encoded = encode_block(block('Symbol <span its:translate="no">CSTO/CFM/2021/3</span> adopted.'))
    assert encoded.text == "Symbol <x1/> adopted."
    rebuilt = decode_translation("Документ <x1/> принят.", encoded.codes)
    assert rebuilt[0].text == "CSTO/CFM/2021/3"
    assert rebuilt[0].get("{http://www.w3.org/2005/11/its}translate") == "no"


def test_only_xml_whitespace_collapses_and_text_is_nfc() -> None:
    # U+00A0 and U+202F survive; tabs and newlines collapse; e + combining acute becomes é.
    encoded = encode_block(block("\n   1\u00a0500   km\tand\u202f3,5\n  cafe\u0301  "))
    assert encoded.text == "1\u00a0500 km and\u202f3,5 cafe\u0301".replace("e\u0301", "\u00e9")


def test_whitespace_only_edit_gives_the_same_msgid() -> None:
    a = encode_block(block("The <em>International</em> Military Tribunal"))
    b = encode_block(block("\n  The  <em>International</em>\n      Military   Tribunal\n"))
    assert a.text == b.text


@pytest.mark.parametrize(("translation", "expected"), [
    ("Перевод <a1>ссылки</a1> и <em>слова</em>.", []),
    ("<em>Слово</em> и <a1>ссылка</a1>.", []),  # reordering is normal
    ("Перевод ссылки и <em>слова</em>.", ["missing <a1>"]),
    ("Перевод <a1>ссылки</a1> и <strong>слова</strong>.", ["missing <em>", "unexpected <strong>"]),
    ('Перевод <a1 href="javascript:alert(1)">ссылки</a1> <em>x</em>', ["has attributes"]),
    ("Перевод <a1>ссылки <em>слова</a1></em>", ["not well-formed"]),
    ("<a1>x</a1> <em>y</em> <script>alert(1)</script>", ["unexpected <script>"]),
])
def test_markup_problems(translation: str, expected: list[str]) -> None:
    source = "Translation of <a1>the link</a1> and <em>word</em>."
    problems = markup_problems(source, translation)
    assert len(problems) == len(expected), problems
    for problem, wanted in zip(problems, expected, strict=True):
        assert wanted in problem


def test_placeholder_must_stay() -> None:
    source = "Symbol <x1/> adopted."
    assert markup_problems(source, "Документ принят.") == ["missing <x1/>"]
    assert "must stay empty" in markup_problems(source, "Документ <x1>X</x1> принят.")[0]
