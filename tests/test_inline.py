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


# A namespace on an inline code: the tag no longer matches the source's code, so the edition
# would drop the link and the protected span with their text (issue 13, §4).
NAMESPACED = [
    'Смотрите <a1 xmlns="urn:x">сайт</a1> организации <x1/>.',
    'Смотрите <a1>сайт</a1> организации <x1 xmlns="urn:x"/>.',
    'Смотрите <f:a1 xmlns:f="urn:x">сайт</f:a1> организации <x1/>.',
    'Смотрите <a1 xmlns:f="urn:x">сайт</a1> организации <x1/>.',  # a declaration alone
    'Смотрите <a1 xmlns="">сайт</a1> организации <x1/>.',
    'Смотрите <a1>сайт <em xmlns="urn:x">организации</em></a1> <x1/>.',
]


@pytest.mark.parametrize("translation", NAMESPACED)
def test_a_namespace_on_an_inline_code_is_a_markup_error(translation: str) -> None:
    source = "See <a1>the site <em>of</em></a1> <x1/>." if "<em" in translation else "See <a1>the site</a1> of <x1/>."
    problems = markup_problems(source, translation)
    assert any("has a namespace" in problem for problem in problems), problems


def test_the_same_codes_without_namespaces_pass() -> None:
    assert markup_problems("See <a1>the site</a1> of <x1/>.", "Смотрите <a1>сайт</a1> организации <x1/>.") == []


@pytest.mark.parametrize("translation", [
    *NAMESPACED,
    'Смотрите <a1 href="javascript:alert(1)">сайт</a1> организации <x1/>.',
    "Смотрите <a1>сайт</a1> организации <x1>подмена</x1>.",
])
def test_decoding_refuses_rather_than_drops_text(translation: str) -> None:
    # decode_translation is only called after markup_problems, but an edition must never lose
    # protected text silently should a caller forget: it raises instead of rebuilding.
    encoded = encode_block(block('See <a href="https://example.org/">the site <em>of</em></a> '
                                 '<span its:translate="no">CSTO/CFM/2021/3</span>.'))
    with pytest.raises(etree.XMLSyntaxError, match="cannot be rebuilt without losing text"):
        decode_translation(translation, encoded.codes)


def test_decoding_keeps_every_code_and_protected_span() -> None:
    encoded = encode_block(block('See <a href="https://example.org/">the site</a> of '
                                 '<span its:translate="no">CSTO/CFM/2021/3</span>.'))
    rebuilt = decode_translation("Смотрите <a1>сайт</a1> организации <x1/>.", encoded.codes)
    assert "".join(rebuilt.itertext()) == "Смотрите сайт организации CSTO/CFM/2021/3."
    assert rebuilt[0].get("href") == "https://example.org/"


def test_a_hand_edited_previous_msgid_with_a_namespace_falls_back_to_plain_text() -> None:
    from polyglot_docs.editions.diff import reader_text

    encoded = encode_block(block('See <a href="https://example.org/">the site</a>.'))
    assert reader_text('See <a1 xmlns="urn:x">the site</a1>.', encoded.codes) == "See the site."
