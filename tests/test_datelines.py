"""``import`` reads datelines as press offices write them, and makes short, unique document ids (issue 15, A)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write
from polyglot_docs.documents.datelines import Dateline, DatelineError, parse_dateline
from polyglot_docs.documents.importer import GENERATED_ID_MAX, generated_id, import_text, parse_date_line, slug
from polyglot_docs.documents.model import DOCUMENT_ID
from polyglot_docs.repository import Repository

SEP26 = dt.date(2023, 9, 26)

# (dateline, the date and the place it gives)
FORMS = [
    # English, day first and month first, place before or after, weekday, abbreviations, ordinals
    ("Moscow, 26 September 2023", SEP26, "Moscow"),
    ("Moscow, September 26, 2023", SEP26, "Moscow"),
    ("26 September 2023, Moscow", SEP26, "Moscow"),
    ("26 September 2023", SEP26, None),
    ("September 26, 2023", SEP26, None),
    ("26 September, 2023", SEP26, None),
    ("Tuesday, 26 September 2023", SEP26, None),
    ("Moscow, Tuesday, 26 September 2023", SEP26, "Moscow"),
    ("Moscow, Tuesday, September 26, 2023", SEP26, "Moscow"),
    ("MOSCOW, Sept. 26, 2023", SEP26, "Moscow"),
    ("Moscow, 26 Sep 2023", SEP26, "Moscow"),
    ("26th September 2023", SEP26, None),
    ("September 26th, 2023", SEP26, None),
    ("Nur-Sultan – 26 September 2023", SEP26, "Nur-Sultan"),
    ("Bishkek, Kyrgyz Republic, 26 September 2023", SEP26, "Bishkek, Kyrgyz Republic"),
    ("Moscow, 26 September 2023.", SEP26, "Moscow"),
    ("19 May 2021", dt.date(2021, 5, 19), None),
    # numeric
    ("26.09.2023", SEP26, None),
    ("26.09.2023 г.", SEP26, None),
    ("2023-09-26", SEP26, None),
    ("26.09.2023, Moscow", SEP26, "Moscow"),
    # Russian: genitive as datelines write it, nominative, "г." and "года", weekday, place before or after
    ("26 сентября 2023 г.", SEP26, None),
    ("26 сентября 2023 года", SEP26, None),
    ("26 сентября 2023", SEP26, None),
    ("26 сентября 2023г.", SEP26, None),
    ("26\u00a0сентября 2023\u00a0г.", SEP26, None),
    ("Москва, 26 сентября 2023 года", SEP26, "Москва"),
    ("Москва, 26 сентября 2023 г.", SEP26, "Москва"),
    ("Москва, 26 сентябрь 2023", SEP26, "Москва"),
    ("вторник, 26 сентября 2023 г.", SEP26, None),
    ("Москва, вторник, 26 сентября 2023 года", SEP26, "Москва"),
    ("26 сентября 2023 г., г. Москва", SEP26, "Москва"),
    ("МОСКВА, 26 СЕНТЯБРЯ 2023 Г.", SEP26, "Москва"),
    ("Москва, 26 сент. 2023 г.", SEP26, "Москва"),
    ("Санкт-Петербург, 5 мая 2023 года", dt.date(2023, 5, 5), "Санкт-Петербург"),
    ("1 января 2024 г.", dt.date(2024, 1, 1), None),
    ("Минск, 1 декабрь 2022", dt.date(2022, 12, 1), "Минск"),
]


@pytest.mark.parametrize(("line", "date", "place"), FORMS)
def test_every_dateline_form(line: str, date: dt.date, place: str | None) -> None:
    assert parse_dateline(line) == Dateline(date, place)
    assert parse_date_line(line) == date


@pytest.mark.parametrize("line", [
    "On 19 May 2021 the ministers met",
    "The meeting was held on 26 September 2023",
    "The ministers of the member states met, 26 September 2023",  # a sentence is no place
    "September 2023",
    "26 Septembr 2023",
    "Moscow",
    "",
    "Moscow, 26 September 2023 " + "x" * 200,
])
def test_what_is_not_a_dateline(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize(("line", "message"), [
    ("31.09.2023", '"31.09.2023" is not a date: September 2023 has 30 days'),
    ("29 February 2023", '"29 February 2023" is not a date: February 2023 has 28 days'),
    ("30 февраля 2024 г.", '"30 февраля 2024 г." is not a date: February 2024 has 29 days'),
    ("26.13.2023", '"26.13.2023" is not a date: there is no month 13'),
    ("Monday, 26 September 2023", '"Monday, 26 September 2023" says Monday, but 2023-09-26 is a Tuesday'),
    ("Москва, понедельник, 26 сентября 2023 г.",
     '"Москва, понедельник, 26 сентября 2023 г." says понедельник, but 2023-09-26 is a Tuesday'),
])
def test_a_dateline_whose_date_cannot_be_says_why(line: str, message: str) -> None:
    with pytest.raises(DatelineError) as caught:
        parse_dateline(line)
    assert str(caught.value) == message
    assert parse_date_line(line) is None  # the old interface: not a date line


def _import(cli, repo: Path, text: str, *args: str, expect: int = 0):
    return cli("import", "-", "--root", repo, *args, input=text, expect=expect)


@pytest.mark.parametrize(("line", "date", "place"), [
    ("Moscow, 26 September 2023", SEP26, "Moscow"),
    ("Moscow, September 26, 2023", SEP26, "Moscow"),
    ("26 September 2023, Moscow", SEP26, "Moscow"),
    ("26.09.2023", SEP26, None),
    ("Москва, 26 сентября 2023 года", SEP26, "Москва"),
    ("26 сентября 2023 г.", SEP26, None),
    ("Москва, вторник, 26 сентября 2023 г.", SEP26, "Москва"),
])
def test_import_reads_the_dateline_and_its_place(repo: Path, cli, line: str, date: dt.date,
                                                 place: str | None) -> None:
    result = _import(cli, repo, f"Secretary General met Ambassador\n\n{line}\n\nThe meeting took place.\n")
    doc_id = f"{date.isoformat()}-secretary-general-met-ambassador"
    assert result.output.strip() == f"wrote documents/{doc_id}.xml"
    document = Repository.open(repo).documents.load(doc_id)
    assert document.date == date
    assert [(u.id, u.text) for u in document.units if u.id in ("place", "title", "p1")] == (
        [("place", place)] if place else []) + [("title", "Secretary General met Ambassador"),
                                                ("p1", "The meeting took place.")]


def test_the_place_option_wins_over_the_dateline(repo: Path, cli) -> None:
    _import(cli, repo, "Title\nМосква, 26 сентября 2023 г.\nText.\n", "--place", "Moscow")
    document = Repository.open(repo).documents.load("2023-09-26-title")
    assert [u.text for u in document.units if u.id == "place"] == ["Moscow"]


def test_a_dateline_at_the_end_as_statements_sign_off(repo: Path, cli) -> None:
    _import(cli, repo, "Statement\n\nWe agree.\n\nDushanbe, 19 May 2021\n")
    document = Repository.open(repo).documents.load("2021-05-19-statement")
    assert [(u.id, u.text) for u in document.units][1:] == [
        ("place", "Dushanbe"), ("title", "Statement"), ("p1", "We agree.")]


def test_import_help_lists_the_forms(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    text = cli("import", "--help").output
    for form in ("Moscow, 26 September 2023", "Moscow, September 26, 2023", "26 September 2023, Moscow",
                 "26.09.2023", "Москва, 26 сентября 2023 г.", "Москва, 26 сентября 2023 года", "--date"):
        assert form in text


def test_no_date_names_the_line_it_looked_at_and_the_date_option(repo: Path, cli) -> None:
    source = write(repo / "news.txt", "Secretary General met Ambassador\n\nThe meeting took place.\n\nMore.\n")
    result = cli("import", source, "--root", repo, expect=1)
    assert result.stderr == (
        f"error: {source}:3: no date line in the text; pass --date YYYY-MM-DD (looked after the title for one such "
        'as "Moscow, 26 September 2023", "Москва, 26 сентября 2023 г." or "26.09.2023", and found '
        '"The meeting took place.")\n')
    # The hint works: the option exists and the same text imports with it.
    cli("import", source, "--root", repo, "--date", "2023-09-26")
    assert (repo / "documents" / "2023-09-26-secretary-general-met-ambassador.xml").is_file()


def test_no_date_with_a_title_given_looks_at_the_top(repo: Path, cli) -> None:
    result = _import(cli, repo, "The meeting took place.\nMore.\n", "--title", "Meeting", expect=1)
    assert result.stderr.startswith("error: <stdin>:1: no date line in the text; pass --date YYYY-MM-DD (looked at "
                                    "the top for one such as ")
    assert len(result.stderr.splitlines()) == 1


def test_a_mistyped_dateline_is_the_line_named(repo: Path, cli) -> None:
    text = "Title\n\nFirst paragraph.\n\nMoscow, 26 Septembr 2023\n\nLast.\n"
    result = _import(cli, repo, text, expect=1)
    assert result.stderr == (
        'error: <stdin>:5: no date line in the text; pass --date YYYY-MM-DD ("Moscow, 26 Septembr 2023" is not a '
        'date line such as "Moscow, 26 September 2023", "Москва, 26 сентября 2023 г." or "26.09.2023")\n')


def test_an_impossible_dateline_is_refused_at_its_line(repo: Path, cli) -> None:
    result = _import(cli, repo, "Title\n\n\n31.09.2023\n\nText.\n", expect=1)
    assert result.stderr == ('error: <stdin>:4: "31.09.2023" is not a date: September 2023 has 30 days; '
                             "correct the date line\n")


def test_a_dateline_that_contradicts_the_date_option_names_its_line(repo: Path, cli) -> None:
    result = _import(cli, repo, "Title\nMoscow, 26 September 2023\nText.\n", "--date", "2023-09-25", expect=1)
    assert result.stderr == ("error: <stdin>:2: the text's date line says 2023-09-26 but --date says "
                             "2023-09-25\n")


@pytest.mark.parametrize(("content", "message"), [
    ("", "the file is empty"),
    ("\n\n   \n\t\n", "the file is empty (only blank lines)"),
    ("\ufeff\n\n", "the file is empty (only blank lines)"),
])
def test_an_empty_file_says_so(repo: Path, cli, content: str, message: str) -> None:
    source = write(repo / "empty.txt", content)
    result = cli("import", source, "--root", repo, expect=1)
    assert result.stderr == f"error: {source}: {message}\n"
    assert "date" not in result.stderr
    assert _import(cli, repo, content, expect=1).stderr.startswith("error: <stdin>: standard input is empty")


def test_paragraph_lines_are_counted_from_the_file() -> None:
    with pytest.raises(Exception, match=r"^t\.txt:6: no date line"):
        import_text("\r\n\r\nTitle\r\n\r\n\r\nBody line one\r\nbody line two\r\n", source="t.txt", doc_type="news",
                    lang="en", organisation="CSTO")


LONG_TITLE = "Secretary General met Ambassador of Armenia to the Russian Federation"


def test_a_generated_id_is_cut_after_a_whole_word_and_a_function_word_is_dropped(repo: Path, cli) -> None:
    result = _import(cli, repo, f"{LONG_TITLE}\n25.09.2023\nText.\n")
    assert result.output.strip() == "wrote documents/2023-09-25-secretary-general-met-ambassador-of-armenia.xml"
    # Whole, the title would make 2023-09-25-secretary-general-met-ambassador-of-armenia-to-the-russian-federation.


def test_a_cyrillic_title_is_transliterated(repo: Path, cli) -> None:
    _import(cli, repo, "Встреча Генерального секретаря с послом Армении в Москве\n"
                       "Москва, 26 сентября 2023 г.\nТекст.\n")
    doc_id = "2023-09-26-vstrecha-generalnogo-sekretaria-s-poslom-armenii"  # "-v" would make 61 characters
    assert Repository.open(repo).documents.load(doc_id).title.startswith("Встреча")


def test_a_first_word_longer_than_the_limit_is_cut_inside() -> None:
    doc_id = generated_id(SEP26, "Antidisestablishmentarianism" * 3 + " and more")
    assert doc_id == "2023-09-26-" + ("antidisestablishmentarianism" * 3)[:49]
    assert slug("", 10) == "document" and slug("Ժողով", 10) == "document"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzабвгдеёжзщъыьэюя0123456789 -—,.'"), max_size=200),
       st.sampled_from(["", "-2", "-17", "-999"]))
def test_generated_ids_are_short_valid_and_cut_at_words(title: str, suffix: str) -> None:
    doc_id = generated_id(SEP26, title, suffix)
    assert len(doc_id) <= GENERATED_ID_MAX
    assert DOCUMENT_ID.fullmatch(doc_id) and not doc_id.endswith("-")
    base = doc_id.removesuffix(suffix).removeprefix("2023-09-26-")
    full = slug(title, 10_000)
    # A whole-word prefix of the title's words, unless the first word alone is too long.
    assert full == base or full.startswith(base + "-") or "-" not in base


def test_generated_ids_are_unique_within_60_characters(repo: Path, cli) -> None:
    first = f"{LONG_TITLE} on security\n25.09.2023\nFirst meeting.\n"
    second = f"{LONG_TITLE} on trade\n25.09.2023\nSecond meeting.\n"
    third = f"{LONG_TITLE} on culture\n25.09.2023\nThird meeting.\n"
    base = "2023-09-25-secretary-general-met-ambassador-of-armenia"
    assert _import(cli, repo, first).output.strip() == f"wrote documents/{base}.xml"
    assert _import(cli, repo, second).output.strip() == f"wrote documents/{base}-2.xml"
    assert _import(cli, repo, third).output.strip() == f"wrote documents/{base}-3.xml"
    ids = [p.stem for p in (repo / "documents").glob("2023-*.xml")]
    assert all(len(doc_id) <= GENERATED_ID_MAX for doc_id in ids) and len(ids) == 3
    # The same document again is the one imported before: refused, or replaced with --force; never a copy.
    again = _import(cli, repo, second, expect=1)
    assert again.stderr == f"error: documents/{base}-2.xml: document exists; pass --force to replace it\n"
    replaced = _import(cli, repo, second.replace("Second meeting.", "Second meeting, corrected."), "--force")
    assert replaced.output.strip() == f"wrote documents/{base}-2.xml"
    assert len(list((repo / "documents").glob("2023-*.xml"))) == 3
    units = Repository.open(repo).documents.load(f"{base}-2").units
    assert units[-1].text == "Second meeting, corrected."


def test_the_suffix_fits_in_the_60_characters(repo: Path, cli) -> None:
    title = "Встреча Генерального секретаря с послом Армении в Москве"  # 59 characters as an id, cut
    _import(cli, repo, f"{title}\n26.09.2023\nОдин.\n")
    result = _import(cli, repo, f"{title} и Минске\n26.09.2023\nДва.\n")
    assert result.output.strip() == "wrote documents/2023-09-26-vstrecha-generalnogo-sekretaria-s-poslom-2.xml"


def test_an_unreadable_document_is_never_replaced_by_a_generated_id(repo: Path, cli) -> None:
    write(repo / "documents" / "2023-09-26-title.xml", "<not a document")
    result = _import(cli, repo, "Title\n26.09.2023\nText.\n", "--force")
    assert result.output.strip() == "wrote documents/2023-09-26-title-2.xml"
    assert (repo / "documents" / "2023-09-26-title.xml").read_text() == "<not a document"


def test_an_id_given_is_taken_as_given(repo: Path, cli) -> None:
    _import(cli, repo, "Title\n26.09.2023\nText.\n", "--id", "my-id")
    again = _import(cli, repo, "Other\n26.09.2023\nText.\n", "--id", "my-id", expect=1)
    assert again.stderr == "error: documents/my-id.xml: document exists; pass --force to replace it\n"
