"""What a translation may contain (issue 13, §4), through the state function, a real build and the CLI.

A namespace on an inline code is a markup error everywhere the state of a unit is read, so the
edition is withheld instead of published without the link and the protected text; the checks
added beside pofilter's (line breaks, tabs, addresses) and the invisible characters have their
severities and are silenced like the others; quoted user content is printed as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from conftest import RU, translate_units, write
from polyglot_docs.catalogs.model import Message
from polyglot_docs.catalogs.state import UnitState, unit_state
from polyglot_docs.checks.base import ERROR, WARNING, UnitText, silenced
from polyglot_docs.checks.registry import CHECKS, run_checks
from polyglot_docs.documents.inline import decode_translation, encode_block, markup_problems
from polyglot_docs.editions.build import BuildOptions, build
from test_editions import DOC, fill, make_repo
from test_fuzz import FUZZ

P3 = "See <a1>the judgment</a1> of <x1/>, item 3.5."
NAMESPACED = [
    'См. <a1 xmlns="urn:x">приговор</a1> от <x1/>, пункт 3,5.',
    'См. <a1>приговор</a1> от <x1 xmlns="urn:x"/>, пункт 3,5.',
    'См. <a1 xmlns="urn:x">приговор</a1> от <x1 xmlns="urn:x"/>, пункт 3,5.',
]


@pytest.mark.parametrize("translation", NAMESPACED)
def test_a_namespaced_code_makes_the_unit_invalid(translation: str) -> None:
    state, problem = unit_state(Message(P3, translation, "p3"), P3)
    assert state is UnitState.INVALID
    assert problem is not None and "has a namespace" in problem


def test_the_same_codes_without_a_namespace_are_translated() -> None:
    assert unit_state(Message(P3, RU["p3"], "p3"), P3).state is UnitState.TRANSLATED


def test_build_withholds_an_edition_whose_code_carries_a_namespace(tmp_path: Path) -> None:
    # Before: the site page read "См. приговор от , пункт 3,5." without the link and the date.
    repo = make_repo(tmp_path)
    fill(tmp_path, "ru", {**RU, "p3": NAMESPACED[2]})
    report = build(repo, BuildOptions(langs=["ru"], formats=("html",)))
    reasons = {s.langs: s.reason for s in report.skipped}
    assert reasons[("ru",)] == "ru: 1 with markup errors (p3) of 9 units"
    assert reasons[("en", "ru")] == reasons[("ru",)]
    assert not (report.output / "ru" / f"{DOC}.html").exists()


def test_a_draft_shows_the_source_for_a_namespaced_code(tmp_path: Path) -> None:
    from lxml import html

    repo = make_repo(tmp_path)
    fill(tmp_path, "ru", {**RU, "p3": NAMESPACED[0]})
    report = build(repo, BuildOptions(langs=["ru"], draft=True, formats=("html",)))
    page = html.fromstring((report.output / "ru" / f"{DOC}.html").read_text(encoding="utf-8"))
    block = page.get_element_by_id("ru-p3")
    assert block.get("data-status") == "invalid"
    assert "1 October 1946" in block.text_content() and block.xpath(".//a[@href]")


def test_check_reports_a_namespaced_code_as_a_markup_error(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    translate_units(repo / "locales" / "ru" / "LC_MESSAGES" / f"{DOC}.po", {**RU, "p3": NAMESPACED[0]})
    data = json.loads(cli("check", "--root", repo, "--lang", "ru", "--json", expect=1).stdout)
    assert [(f["unit"], f["check"], f["severity"]) for f in data["findings"]] == [("p3", "markup", "error")]
    assert "<a1> has a namespace" in data["findings"][0]["message"]


# (check, source, translation, the severities found)
SEVERITIES = [
    ("newlines", "The meeting was held.", "Встреча\nсостоялась.", [WARNING]),
    ("tabs", "The meeting was held.", "Встреча\tсостоялась.", [WARNING]),
    ("bidi", "Paid in 2021.", "Уплачено в \u202e1202\u202c году.", [ERROR]),
    ("zerowidth", "The CSTO met.", "ОД\u200bКБ собралась.", [WARNING]),
    ("urls", "See https://odkb-csto.org/.", "См. https://evil.example/.", [ERROR, WARNING]),  # changed
    ("urls", "See the site.", "См. сайт www.evil.example.", [ERROR]),  # added
    ("urls", "See https://odkb-csto.org/.", "См. сайт.", [WARNING]),  # left out: the href of a link stays
]


@pytest.mark.parametrize(("check", "source", "translation", "severities"), SEVERITIES)
def test_severities_of_the_new_checks(check: str, source: str, translation: str, severities: list[str]) -> None:
    found = CHECKS[check](UnitText("p1", source, translation, "en", "ru"), None)
    assert [f.severity for f in found] == severities


@pytest.mark.parametrize("check", ["newlines", "tabs", "bidi", "zerowidth", "urls"])
def test_the_new_checks_are_silenced_by_name(check: str) -> None:
    row = next(r for r in SEVERITIES if r[0] == check)
    unit = UnitText("p1", row[1], row[2], "en", "ru")
    skip = silenced([f"no-{check}-check"])
    assert skip == {check}
    assert check in {f.check for f in run_checks(unit, None)}
    assert check not in {f.check for f in run_checks(unit, None, skip)}


def test_reported_characters_are_named_never_printed() -> None:
    # A bidi override printed in a report line would reorder the line itself.
    for check, source, translation, _ in SEVERITIES[2:4]:
        for finding in CHECKS[check](UnitText("p1", source, translation, "en", "ru"), None):
            assert not set(finding.message) & {"\u202e", "\u202c", "\u200b"}, finding.message


def test_a_quoted_translation_is_printed_literally(repo: Path, cli) -> None:
    # rich would turn :x: into an emoji and [red]…[/red] into colour; a quoted translation must stay as written.
    cli("update", "--root", repo)
    catalog = repo / "locales" / "ru" / "LC_MESSAGES" / f"{DOC}.po"
    translate_units(catalog, {**RU, "p1": RU["p1"] + " https://evil.example/:x:[red]a[/red]"})
    write(repo / "glossary" / "ru.csv", "source,target,note\nCouncil of Foreign Ministers,:x: [red]Совет[/red],\n")
    out = cli("check", "--root", repo, "--lang", "ru", expect=1).stdout
    assert "“https://evil.example/:x:[red]a[/red]” is not in the source" in out, out
    assert "should be translated as “:x: [red]Совет[/red]”" in out, out
    assert "\u274c" not in out


def test_a_quoted_catalog_line_is_printed_literally(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    broken = repo / "locales" / "hy" / "LC_MESSAGES" / f"{DOC}.po"
    write(broken, broken.read_text(encoding="utf-8") + "\n:x: [red]oops[/red] :thumbs_up:\n")
    err = cli("status", "--root", repo, expect=None).stderr
    assert "':x: [red]oops[/red] :thumbs_up:'" in err, err


SOURCE_BLOCK = ('<p xmlns:its="http://www.w3.org/2005/11/its">See <a href="https://example.org/">the <em>judgment</em>'
                '</a> of <span its:translate="no">1 October 1946</span>.</p>')
_A1 = [("<a1>", "</a1>"), ("<a1 xmlns='urn:x'>", "</a1>"), ("<f:a1 xmlns:f='urn:x'>", "</f:a1>"),
       ("<a1 xmlns:f='urn:y'>", "</a1>"), ("<a1 xmlns=''>", "</a1>")]
_EM = [("<em>", "</em>"), ("<em xmlns='urn:x'>", "</em>"), ("<f:em xmlns:f='urn:x'>", "</f:em>"),
       ("<em xmlns:xml='http://www.w3.org/XML/1998/namespace'>", "</em>")]
_X1 = ["<x1/>", "<x1 xmlns='urn:x'/>", "<f:x1 xmlns:f='urn:x'/>", "<x1 xmlns=''/>", "<x1></x1>"]


@st.composite
def namespaced_markup(draw: st.DrawFn) -> str:
    """Well-formed translations holding the source's three codes, each maybe with a namespace."""
    a1, em, x1 = draw(st.sampled_from(_A1)), draw(st.sampled_from(_EM)), draw(st.sampled_from(_X1))
    emphasis = f"{em[0]}приговор{em[1]}"
    inside = draw(st.booleans())  # the emphasis inside the link, as in the source, or beside it
    pieces = [f"{a1[0]}см. {emphasis}{a1[1]}", x1] if inside else [f"{a1[0]}см.{a1[1]}", emphasis, x1]
    return " ".join(draw(st.permutations(pieces))) + draw(st.sampled_from(["", ".", " года."]))


def _shown(element: etree._Element) -> str:
    """The text a reader sees of a translation: its text, with the protected span for each placeholder."""
    inner = "1 October 1946" if element.tag == "x1" else (element.text or "") + "".join(map(_shown, element))
    return inner + (element.tail or "")


@FUZZ
@given(namespaced_markup())
def test_an_accepted_translation_loses_no_text_and_no_code(translation: str) -> None:
    # tests/test_fuzz.py compares local names, which a namespaced tag passes; here the full tag counts,
    # and every character the translation shows, the protected span included, reaches the edition.
    encoded = encode_block(etree.fromstring(SOURCE_BLOCK))
    problems = markup_problems(encoded.text, translation)
    if any("has a namespace" in problem for problem in problems):
        with pytest.raises(etree.XMLSyntaxError, match="cannot be rebuilt without losing text"):
            decode_translation(translation, encoded.codes)
    if problems:
        return
    content = decode_translation(translation, encoded.codes)
    assert sorted(str(e.tag) for e in content.iter() if e is not content) == ["a", "em", "span"]
    wrapper = etree.fromstring(f"<unit>{translation}</unit>")
    assert "".join(content.itertext()) == (wrapper.text or "") + "".join(map(_shown, wrapper))
