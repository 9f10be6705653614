"""Each check in Russian, Armenian and Kazakh: what it must flag and what it must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot_docs.catalogs.po import read_po
from polyglot_docs.checks.base import UnitText, silenced
from polyglot_docs.checks.glossary import Glossary, Term, find, load_glossary, source_terms
from polyglot_docs.checks.registry import CHECKS

GLOSSARY = {
    "ru": Glossary("ru", "glossary/ru.csv", (
        Term("Secretary General", ("Генеральный секретарь",), line=2),
        Term("Council of Foreign Ministers", ("Совет министров иностранных дел",), line=3),
        Term("CSTO", ("ОДКБ", "Организация Договора о коллективной безопасности"), line=4),
        Term("member states", ("государства – члены",), line=6))),
    "kk": Glossary("kk", "glossary/kk.csv", (
        Term("Secretary General", ("Бас хатшы",), line=2),
        Term("CSTO", ("ҰҚШҰ",), line=3),
        Term("Council of Foreign Ministers", ("Сыртқы істер министрлерінің кеңесі",), line=4))),
    "hy": Glossary("hy", "glossary/hy.csv", (
        Term("Secretary General", ("գլխավոր քարտուղար",), line=2),
        Term("CSTO", ("ՀԱՊԿ",), line=3),
        Term("Council of Foreign Ministers", ("Արտաքին գործերի նախարարների խորհուրդ",), line=4))),
}


def findings(check: str, source: str, translation: str, lang: str, terms: tuple[str, ...] = ()) -> list[str]:
    unit = UnitText("p1", source, translation, "en", lang, terms)
    return [f.message for f in CHECKS[check](unit, GLOSSARY.get(lang))]


# (check, lang, source, translation, expected finding substring or None for "must not flag")
CASES = [
    # markup: same tags as a multiset, any order
    ("markup", "ru", "The <em>global</em> <a1>community</a1>", "<a1>Мировое</a1> <em>сообщество</em>", None),
    ("markup", "ru", "The <em>global</em> community", "Мировое сообщество", "missing <em>"),
    ("markup", "hy", "The <em>global</em> <x1/> community", "<em>Համաշխարհային</em> հանրություն", "missing <x1/>"),
    ("markup", "hy", "The <em>global</em> community", "<em>Համաշխարհային</em> հանրություն", None),
    ("markup", "kk", "The <em>global</em> community", "<em>Әлемдік</em> <b>қауымдастық</b>", "unexpected <b>"),
    ("markup", "kk", "The <em>global</em> community", "<em>Әлемдік қауымдастық", "not well-formed"),
    ("markup", "kk", "The <em>global</em> community", "<em>Әлемдік</em> қауымдастық", None),
    # numbers: read in each locale's notation
    ("numbers", "ru", "Growth of 3.5% among 1,500 staff", "Рост на 3,5% среди 1\u00a0500 сотрудников", None),
    ("numbers", "ru", "Growth of 3.5% among 1,500 staff", "Рост на 3,5% среди 1\u202f500 сотрудников", None),
    ("numbers", "ru", "Growth of 3.5% among 1,500 staff", "Рост на 3,5% среди 150 сотрудников", "number 1500"),
    ("numbers", "ru", "Held on 19.05.2021 in Dushanbe", "Состоялось 19 мая 2021 года в Душанбе", None),
    ("numbers", "ru", "From 11 to 15 September 2023", "С 11 по 16 сентября 2023 года", "number 15"),
    ("numbers", "hy", "On 14 September 2023", "2023 թվականի սեպտեմբերի 14-ին", None),
    ("numbers", "hy", "On 14 September 2023", "2022 թվականի սեպտեմբերի 14-ին", "number 2023"),
    ("numbers", "kk", "A budget of 2,500.75 thousand", "2\u00a0500,75 мың бюджет", None),
    ("numbers", "kk", "A budget of 2,500.75 thousand", "2\u00a0500 мың бюджет", "number 2500.75"),
    # untranslated
    ("untranslated", "ru", "The meeting was held in Minsk.", "The meeting was held in Minsk.", "identical"),
    ("untranslated", "ru", "CSTO", "CSTO", None),
    ("untranslated", "hy", "The meeting was held in Minsk.", "The meeting was held in Minsk.", "identical"),
    ("untranslated", "hy", "Imangali Tasmagambetov", "Imangali Tasmagambetov", None),
    ("untranslated", "kk", "19.05.2021", "19.05.2021", None),
    ("untranslated", "kk", "The meeting was held.", "Кездесу өтті.", None),
    ("untranslated", "kk", "The meeting was held.", "The meeting was held.", "identical"),
    # whitespace
    ("whitespace", "ru", "The meeting.", " Встреча.", "leading or trailing"),
    ("whitespace", "ru", "The meeting was held.", "Встреча  состоялась.", "doubled space"),
    ("whitespace", "hy", "The meeting was held.", "Հանդիպումը տեղի տեղի ունեցավ։", "repeated word"),
    ("whitespace", "kk", "The meeting was held.", "Кездесу өтті.", None),
    ("whitespace", "kk", "The meeting was held.", "Кездесу өтті. ", "leading or trailing"),
    ("whitespace", "hy", "The meeting was held.", "Հանդիպումը\u00a0տեղի ունեցավ։", None),
    ("whitespace", "ru", "The meeting was held.", "Встреча\u00a0состоялась.", None),
    # punctuation by each language's rules
    ("punctuation", "ru", 'He said "we agree."', "Он сказал: «мы согласны».", None),
    ("punctuation", "ru", "The meeting was held.", "Встреча состоялась", "the translation with no final"),
    ("punctuation", "ru", "Is it agreed?", "Это согласовано.", "the source ends with a question"),
    ("punctuation", "hy", "The meeting was held.", "Հանդիպումը տեղի ունեցավ։", None),
    ("punctuation", "hy", "The meeting was held.", "Հանդիպումը տեղի ունեցավ.", "Armenian full stop"),
    ("punctuation", "hy", "Is it agreed?", "Համաձայնեցվա՞ծ է։", None),
    ("punctuation", "hy", "Is it agreed?", "Համաձայնեցված է։", "՞"),
    ("punctuation", "hy", "What a day!", "Ինչ օ՜ր է։", None),
    ("punctuation", "hy", "Council of Foreign Ministers", "Արտաքին գործերի նախարարների խորհուրդ", None),
    ("punctuation", "kk", "The meeting was held.", "Кездесу өтті.", None),
    ("punctuation", "kk", "The meeting was held:", "Кездесу өтті.", "the source ends with a colon"),
    # brackets and quotes
    ("brackets", "ru", "The (SD) service", "Служба (СД", "unbalanced ()"),
    ("brackets", "ru", 'Operation "Channel"', "Операция «Канал»", None),
    ("brackets", "ru", 'Operation "Channel"', "Операция «Канал", "unbalanced «»"),
    ("brackets", "ru", "Operation „Channel“", "Операция «Канал – „Перехват“»", None),
    ("brackets", "hy", 'Operation "Channel"', "«Կանալ» գործողություն", None),
    ("brackets", "hy", "The (SD) service", "(ՍԴ) ծառայություն)", "unbalanced ()"),
    ("brackets", "kk", 'Operation "Channel"', "«Канал» операциясы", None),
    ("brackets", "kk", 'Operation "Channel"', "«Канал операциясы", "unbalanced «»"),
    # script: Latin look-alikes and letters outside the alphabet
    ("script", "ru", "The council", "Сoвет", "mixes Cyrillic and Latin letters (o)"),
    ("script", "ru", "The council", "Совет", None),
    ("script", "ru", "The council of the SS", "Совет СС и SD", None),
    ("script", "ru", "The council", "Совет ұйымы", "letters outside the ru alphabet: ұ (“ұйымы”)"),
    ("script", "kk", "The organization", "Ұжымдық ұйым", None),
    ("script", "kk", "The organization", "Ұжымдық ұйымi", "mixes Cyrillic and Latin"),
    ("script", "kk", "The organization", "Ұжымдық ўйым", "letters outside the kk alphabet: ў"),
    ("script", "hy", "The council", "Խորհուրդ", None),
    ("script", "hy", "The council", "Խoրհուրդ", "mixes Armenian and Latin"),
    ("script", "hy", "The council", "Խորհուրդ совет", "Cyrillic words in an Armenian translation: “совет”"),
    # length
    ("length", "ru", "The meeting of the Council of Foreign Ministers was held in Minsk.",
     "Заседание Совета министров иностранных дел состоялось в Минске.", None),
    ("length", "ru", "The meeting of the Council of Foreign Ministers was held in Minsk.", "Заседание.",
     "0.15× the source"),
    ("length", "hy", "The meeting of the Council of Foreign Ministers was held in Minsk.",
     "Արտաքին գործերի նախարարների խորհրդի նիստը տեղի ունեցավ Մինսկում։", None),
    ("length", "hy", "The meeting of the Council of Foreign Ministers was held in Minsk.", "Նիստ։",
     "× the source"),
    ("length", "kk", "The meeting of the Council of Foreign Ministers was held in Minsk.",
     "Сыртқы істер министрлері кеңесінің отырысы Минскіде өтті. " * 4, "× the source"),
    ("length", "kk", "The meeting of the Council of Foreign Ministers was held in Minsk.",
     "Сыртқы істер министрлері кеңесінің отырысы Минскіде өтті.", None),
    # terminology, with inflection
    ("terminology", "ru", "The CSTO Secretary General met the minister.",
     "Генеральный секретарь ОДКБ встретился с министром.", None),
    ("terminology", "ru", "A meeting with the CSTO Secretary General.",
     "Встреча с Генеральным секретарем ОДКБ.", None),
    ("terminology", "ru", "A meeting with the CSTO Secretary General.",
     "Встреча с Генсеком ОДКБ.", "“Secretary General” should be translated as “Генеральный секретарь”"),
    ("terminology", "ru", "Meeting of the Council of Foreign Ministers of the member states.",
     "Заседание Совета министров иностранных дел государств – членов.", None),
    ("terminology", "kk", "The CSTO Secretary General met the minister.",
     "ҰҚШҰ Бас хатшысы министрмен кездесті.", None),
    ("terminology", "kk", "Session of the Council of Foreign Ministers.",
     "Сыртқы істер министрлерінің кеңесінің отырысы.", None),
    ("terminology", "kk", "The CSTO Secretary General met the minister.",
     "ҰҚШҰ Бас директоры министрмен кездесті.", "Secretary General"),
    ("terminology", "hy", "The CSTO Secretary General met the minister.",
     "ՀԱՊԿ գլխավոր քարտուղարը հանդիպեց նախարարին։", None),
    ("terminology", "hy", "Meeting of the Council of Foreign Ministers.",
     "Արտաքին գործերի նախարարների խորհրդի նիստ։", None),
    ("terminology", "hy", "The CSTO Secretary General met the minister.",
     "ՀԱՊԿ նախագահը հանդիպեց նախարարին։", "Secretary General"),
    # newlines and tabs: a msgid never has one (XML whitespace collapses), so one in a translation was pasted in
    ("newlines", "ru", "The meeting was held in Minsk.", "Встреча состоялась\nв Минске.", "1 line break where"),
    ("newlines", "ru", "The meeting was held in Minsk.", "Встреча состоялась в Минске.", None),
    ("newlines", "hy", "The meeting was held.", "Հանդիպումը\r\nտեղի ունեցավ։", "2 line breaks where the source has 0"),
    ("newlines", "hy", "The meeting was held.", "Հանդիպումը տեղի ունեցավ։", None),
    ("newlines", "kk", "The meeting was held.", "Кездесу\u2028өтті.", "1 line break"),
    ("newlines", "kk", "The meeting\nwas held.", "Кездесу\nөтті.", None),
    ("tabs", "ru", "The meeting was held.", "Встреча\tсостоялась.", "1 tab where the source has 0"),
    ("tabs", "ru", "The meeting was held.", "Встреча состоялась.", None),
    ("tabs", "hy", "The meeting was held.", "Հանդիպումը\t\tտեղի ունեցավ։", "2 tabs"),
    ("tabs", "hy", "The meeting\twas held.", "Հանդիպումը\tտեղի ունեցավ։", None),
    ("tabs", "kk", "The meeting was held.", "Кездесу\tөтті.", "1 tab"),
    ("tabs", "kk", "The meeting was held.", "Кездесу өтті.", None),
    # bidi: overrides and isolates reorder what the reader sees (2021 displayed as 1202)
    ("bidi", "ru", "Paid in 2021.", "Уплачено в \u202e1202\u202c году.", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("bidi", "ru", "Paid in 2021.", "Уплачено в 2021 году.", None),
    ("bidi", "hy", "Paid in 2021.", "Վճարվել է \u20671202\u2069 թվականին։", "U+2067 RIGHT-TO-LEFT ISOLATE"),
    ("bidi", "hy", "Paid in 2021.", "Վճարվել է 2021 թվականին։", None),
    ("bidi", "kk", "Paid in 2021.", "2021 жылы \u202dтөленді.", "U+202D LEFT-TO-RIGHT OVERRIDE"),
    ("bidi", "kk", "Quoted \u2066name\u2069.", "Дәйексөз \u2066атау\u2069.", None),  # the source's own
    # zero-width characters: a term, number or address holding one is not found as it looks
    ("zerowidth", "ru", "The CSTO met.", "ОД\u200bКБ собралась.", "U+200B ZERO WIDTH SPACE"),
    ("zerowidth", "ru", "The CSTO met.", "ОДКБ собралась.", None),
    ("zerowidth", "hy", "The CSTO met.", "ՀԱՊԿ\u2060-ն հավաքվեց։", "U+2060 WORD JOINER"),
    ("zerowidth", "hy", "The CSTO met.", "ՀԱՊԿ-ն հավաքվեց։", None),
    ("zerowidth", "kk", "The CSTO met.", "\ufeffҰҚШҰ\u200d жиналды.", "characters U+200D ZERO WIDTH JOINER, U+FEFF"),
    ("zerowidth", "kk", "The CS\u200bTO met.", "ҰҚ\u200bШҰ жиналды.", None),  # the source's own
    # urls: every address a reader sees must be the source's; the href of <a1> is the source's already
    ("urls", "ru", "See https://odkb-csto.org/news.", "См. «https://odkb-csto.org/news».", None),
    ("urls", "ru", "See https://odkb-csto.org/news.", "См. https://odkb-csto.org/news2.",
     "“https://odkb-csto.org/news2” is not in the source"),
    ("urls", "ru", "See the <a1>site</a1>.", "См. <a1>https://evil.example</a1>.", "“https://evil.example” is not"),
    ("urls", "ru", "See https://odkb-csto.org/news.", "См. на сайте.", "the source's “https://odkb-csto.org/news” is"),
    ("urls", "hy", "See www.odkb-csto.org (news).", "Տե՛ս www.odkb-csto.org (լուրեր)։", None),
    ("urls", "hy", "See www.odkb-csto.org.", "Տե՛ս www.odkb-cstо.org։", "“www.odkb-cstо.org” is not in the source"),
    ("urls", "kk", "Write to info@odkb.org.", "info@odkb.org мекенжайына жазыңыз.", None),
    ("urls", "kk", "Write to info@odkb.org.", "spy@evil.example мекенжайына жазыңыз.", "“spy@evil.example” is not"),
]


@pytest.mark.parametrize(("check", "lang", "source", "translation", "expected"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_check(check: str, lang: str, source: str, translation: str, expected: str | None) -> None:
    found = findings(check, source, translation, lang)
    if expected is None:
        assert found == []
    else:
        assert any(expected in message for message in found), found


def test_every_check_is_exercised_in_each_language_both_ways() -> None:
    for check in CHECKS:
        for lang in ("ru", "hy", "kk"):
            kinds = {expected is None for c, code, _, _, expected in CASES if c == check and code == lang}
            assert kinds == {True, False}, (check, lang)


def test_marked_term_without_glossary_entry() -> None:
    found = findings("terminology", "The <term>Joint Staff</term> met.", "Объединенный штаб собрался.", "ru",
                     terms=("Joint Staff",))
    assert found == ["term “Joint Staff” is marked in the source but has no approved translation in glossary/ru.csv"]


def test_inflected_term_matching() -> None:
    assert find("Генеральный секретарь", "Генерального секретаря ОДКБ", "ru")
    assert find("Бас хатшы", "Бас хатшысының сапары", "kk")
    assert find("гլխավոր քարտուղար".replace("г", "գ"), "գլխավոր քարտուղարի հետ", "hy")
    assert not find("Генеральный секретарь", "Генеральный директор", "ru")


@pytest.mark.parametrize(("term", "text", "lang"), [
    ("Другая сусветная вайна", "ахвяры Другой сусветнай вайны", "be"),  # two-letter adjective endings
    ("міжнародная супольнасць", "да міжнароднай супольнасці", "be"),
    ("Экинчи дүйнөлүк согуш", "Экинчи дүйнөлүк согуштун жыйынтыктары", "ky"),
    ("башкы наркологдордун кеңешмеси", "мамлекеттердин башкы наркологдорунун кеңешмеси", "ky"),  # stacked suffixes
    ("Խորհրդային Միություն", "Խորհրդային Միության ժողովուրդների", "hy"),  # Snowball cuts -ություն to a letter
])
def test_inflections_a_stemmer_misses_still_match(term: str, text: str, lang: str) -> None:
    assert find(term, text, lang)


def test_a_capitalised_term_is_a_name_not_the_common_noun() -> None:
    glossary = Glossary("kk", "glossary/kk.csv", (Term("Channel", ("Канал",)), Term("member states", ("мүше",))))
    assert source_terms(glossary, "suppressing channels for drugs", "en") == []
    assert [t.source for t in source_terms(glossary, 'the operation "Channel" of the Member States', "en")] \
        == ["Channel", "member states"]


@pytest.mark.parametrize(("term", "text", "lang"), [
    ("Савет міністраў абароны", "Савет міністраў замежных спраў", "be"),
    ("Խորհրդային Միություն", "Խորհրդային Հայաստան", "hy"),
    ("Мәскеу", "Минскіде", "kk"),
])
def test_other_words_still_do_not_match(term: str, text: str, lang: str) -> None:
    assert not find(term, text, lang)


def test_silencing_with_a_translator_comment_or_flag() -> None:
    catalog = read_po('#, no-numbers-check\nmsgctxt "p1"\nmsgid "In 2023"\nmsgstr "В 2022"\n'
                      '\n# no-length-check, and a note\nmsgctxt "p2"\nmsgid "x"\nmsgstr "y"\n'.encode())
    first, second = catalog.messages
    assert first.flags == ["no-numbers-check"]  # kept a flag, as other tools wrote it
    assert silenced(first.translator_comments, first.flags) == {"numbers"}
    assert silenced(second.translator_comments) == {"length"}


def test_glossary_file(tmp_path: Path) -> None:
    path = tmp_path / "ru.csv"
    path.write_text("source,target,note\nCSTO,ОДКБ,\nCSTO,Организация Договора о коллективной безопасности,full\n",
                    encoding="utf-8")
    glossary = load_glossary(path, "ru", "glossary/ru.csv")
    assert glossary.terms == (Term("CSTO", ("ОДКБ", "Организация Договора о коллективной безопасности"), "", 2),)
    path.write_text("term,translation\n", encoding="utf-8")
    with pytest.raises(Exception, match="glossary/ru.csv:1: glossary header must be"):
        load_glossary(path, "ru", "glossary/ru.csv")


def test_check_command_output_exit_code_and_formats(repo: Path, cli) -> None:
    import csv
    import io
    import json
    import re

    from conftest import translate_units, write
    from polyglot_docs.catalogs.po import read_po_file, write_po

    write(repo / "glossary" / "ru.csv", "source,target,note\nCouncil of Foreign Ministers,Совет министров иностранных "
                                        "дел,\n")
    cli("update", "--root", repo)
    path = repo / "locales" / "ru" / "LC_MESSAGES" / "statement.po"
    translate_units(path, {"title": "Заявление министров иностранных дел", "li1": "Совет глав МИД",
                           "p3": "См. <a1>приговор</a1> от <x1/>, пункт 3,6.", "h1": "Приговор"},
                    fuzzy=frozenset({"h1"}))

    result = cli("check", "--root", repo, "--lang", "ru", expect=1)
    lines = result.stdout.strip().splitlines()
    pattern = r"locales/ru/LC_MESSAGES/statement\.po:\d+: (error|warning|info): [a-z]+: .+"
    assert lines and all(re.fullmatch(pattern, line) for line in lines), lines
    assert any(": error: numbers: number 3.5 of the source is missing" in line for line in lines)
    assert any(": error: terminology: “Council of Foreign Ministers” should be" in line for line in lines)
    assert lines[-1].endswith(": info: fuzzy: the translation waits for review after a source change")
    assert "2 error(s)" in result.stderr and "1 fuzzy unit(s)" in result.stderr

    data = json.loads(cli("check", "--root", repo, "--lang", "ru", "--json", expect=1).stdout)
    assert data["schema"] == "polyglot-docs/check/1" and data["summary"]["error"] == 2
    assert {f["check"] for f in data["findings"]} >= {"numbers", "terminology", "fuzzy"}
    rows = list(csv.DictReader(io.StringIO(cli("check", "--root", repo, "--format", "csv", expect=1).stdout)))
    assert {r["check"] for r in rows} >= {"numbers", "terminology"}

    # A translator silences the numbers check for p3; the terminology error remains.
    catalog = read_po_file(path)
    next(m for m in catalog.messages if m.msgctxt == "p3").translator_comments = ["no-numbers-check"]
    path.write_bytes(write_po(catalog))
    data = json.loads(cli("check", "--root", repo, "--lang", "ru", "--json", expect=1).stdout)
    assert data["summary"]["error"] == 1
