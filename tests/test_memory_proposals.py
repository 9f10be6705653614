"""The translation memory's proposals (issue 14 §3): exact paragraphs, sentences, near matches, never published."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from conftest import RU, SETTINGS, translate_units, write
from polyglot_docs.catalogs import sourcepool
from polyglot_docs.catalogs.merge import merge_catalog
from polyglot_docs.catalogs.model import Catalog, Message
from polyglot_docs.catalogs.po import read_po_file, write_po
from polyglot_docs.catalogs.proposals import Proposal, SourceIndex, restore_codes
from polyglot_docs.catalogs.segment import ABBREVIATIONS, align, rule_sentences, sentences
from polyglot_docs.catalogs.sourcepool import SourcePool, normalise

NEWS = """\
<?xml version="1.0" encoding="UTF-8"?>
<document xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0"
          id="news" type="news" xml:lang="en" date="2021-06-01">
  <meta>
    <organisation xml:id="org">Collective Security Treaty Organization</organisation>
    <place xml:id="place">Minsk</place>
  </meta>
  <title xml:id="title">The ministers met again</title>
  <body>
    <p xml:id="p1">The International Military Tribunal in Nuremberg found that crimes had been committed. \
A new sentence follows it.</p>
    <p xml:id="p2">We call upon the <em>international</em> community to respect the principles.</p>
    <p xml:id="p3">Nothing in this paragraph was ever translated anywhere.</p>
  </body>
</document>
"""


def news_catalog(repo: Path) -> dict[str, Message]:
    return {m.msgctxt or "": m for m in read_po_file(repo / "locales" / "ru" / "LC_MESSAGES" / "news.po").messages}


@pytest.fixture
def proposed(repo: Path, cli) -> Path:
    """The statement translated into Russian, then a new document that reuses some of it."""
    cli("update", "--root", repo)
    translate_units(repo / "locales" / "ru" / "LC_MESSAGES" / "statement.po", RU)
    write(repo / "documents" / "news.xml", NEWS)
    cli("update", "--root", repo)
    return repo


def test_an_exact_paragraph_is_proposed_fuzzy_with_its_origin(proposed: Path) -> None:
    org = news_catalog(proposed)["org"]
    assert (org.msgstr, org.fuzzy) == (RU["org"], True)
    assert "memory: 100 % from statement#org" in org.extracted_comments


def test_a_paragraph_is_assembled_from_known_sentences_and_the_new_one_is_marked(proposed: Path) -> None:
    p1 = news_catalog(proposed)["p1"]
    assert p1.fuzzy
    assert p1.msgstr == RU["p2"] + " ⟦A new sentence follows it.⟧"
    comment = next(c for c in p1.extracted_comments if c.startswith("memory: "))
    # 12 of the 17 words come from statement#p2.
    assert comment == "memory: 71 % of the words from sentences of statement#p2; 1 sentence(s) in ⟦ ⟧ left in en"


def test_a_near_match_keeps_the_new_sources_codes(proposed: Path) -> None:
    p2 = news_catalog(proposed)["p2"]
    assert p2.fuzzy and p2.msgstr == RU["p1"]  # the translator edits "мировое" to "международное"
    score = int(re.search(r"memory: (\d+) % from statement#p1$", p2.extracted_comments[-1]).group(1))
    assert 75 <= score < 100


def test_nothing_below_the_threshold_and_no_proposal_is_published(proposed: Path, cli) -> None:
    assert news_catalog(proposed)["p3"].msgstr == ""
    translate_units(proposed / "locales" / "ru" / "LC_MESSAGES" / "news.po", {"title": "Министры снова встретились"})
    result = cli("build", "--root", proposed, "--format", "html", expect=None)
    assert not list((proposed / "build").glob("ru/news*"))  # fuzzy units keep the edition out
    assert re.search(r"withheld: news \[ru\]: .*3 memory proposals to review \(org, p1, p2\)", result.stderr)
    assert re.search(r"\n\s*ru\s+1\s+1\s+0\s+3 \(31 words\)\n", result.stderr), result.stderr
    assert "2 untranslated (place, p3)" in result.stderr


def test_status_check_and_json_count_what_the_memory_proposed(proposed: Path, cli) -> None:
    result = cli("status", "--root", proposed, "--doc", "news", "--lang", "ru", "--json")
    row = json.loads(result.stdout)["catalogs"][0]
    assert row["messages"]["memory"] == 3 and row["messages"]["fuzzy"] == 3
    assert row["words"]["memory"] == 4 + 17 + 10
    text = cli("status", "--root", proposed, "--doc", "news", "--lang", "ru").stdout
    assert re.search(r"news\s+ru\s+0\s+3\s+3\s+\d+", text)
    check = cli("check", "--root", proposed, "--doc", "news", "--lang", "ru").stdout
    assert "info: memory: a translation proposed by the memory (100 % from statement#org) waits for review" in check


def test_the_origin_stays_while_the_source_does_and_nothing_churns(proposed: Path, cli) -> None:
    path = proposed / "locales" / "ru" / "LC_MESSAGES" / "news.po"
    before = path.read_bytes()
    result = cli("update", "--root", proposed)
    assert path.read_bytes() == before
    assert result.stderr.endswith("0 written, 6 unchanged\n")
    translate_units(path, {"org": RU["org"]})  # confirmed: no longer waiting, the origin still noted
    cli("update", "--root", proposed)
    org = news_catalog(proposed)["org"]
    assert not org.fuzzy and org.extracted_comments[-1].startswith("memory: 100 %")


def test_accept_exact_takes_short_exact_matches_as_translated(repo: Path, cli) -> None:
    write(repo / "polyglot.toml", SETTINGS + "\n[memory]\naccept-exact = true\n")
    cli("update", "--root", repo)
    translate_units(repo / "locales" / "ru" / "LC_MESSAGES" / "statement.po", RU)
    write(repo / "documents" / "news.xml", NEWS.replace("A new sentence follows it.", "")
          .replace("committed. <", "committed.<"))
    cli("update", "--root", repo)
    state = news_catalog(repo)
    assert not state["org"].fuzzy  # a name: taken
    assert state["p1"].msgstr == RU["p2"] and state["p1"].fuzzy  # a paragraph: still for review


def test_proposals_off_and_a_higher_threshold(repo: Path, cli) -> None:
    write(repo / "polyglot.toml", SETTINGS + "\n[memory]\nthreshold = 98\n")
    cli("update", "--root", repo)
    translate_units(repo / "locales" / "ru" / "LC_MESSAGES" / "statement.po", RU)
    write(repo / "documents" / "news.xml", NEWS)
    cli("update", "--root", repo)
    assert news_catalog(repo)["p2"].msgstr == ""
    write(repo / "polyglot.toml", SETTINGS + "\n[memory]\nproposals = false\n")
    (repo / "locales" / "ru" / "LC_MESSAGES" / "news.po").unlink()
    cli("update", "--root", repo)
    assert all(not m.msgstr for m in news_catalog(repo).values())


@pytest.mark.parametrize("setting", ["threshold = 40", "threshold = \"75\"", "proposals = 1", "accept-exact = \"yes\""])
def test_bad_memory_settings_are_one_line(repo: Path, cli, setting: str) -> None:
    write(repo / "polyglot.toml", SETTINGS + f"\n[memory]\n{setting}\n")
    result = cli("update", "--root", repo, expect=1)
    assert re.fullmatch(r"error: polyglot\.toml:7: \[memory\] [a-z-]+ must be [^\n]+\n", result.stderr)


def test_an_imported_memory_is_proposed_with_its_file_and_unit(repo: Path, cli) -> None:
    tmx = write(repo / "legacy.tmx", """\
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="paragraph" adminlang="en"
 creationtool="x" creationtoolversion="1" o-tmf="x"/><body>
<tu tuid="7"><tuv xml:lang="en"><seg>The ministers met again</seg></tuv>
<tuv xml:lang="ru"><seg>Министры снова встретились</seg></tuv></tu>
</body></tmx>
""")
    cli("tm", "import", "--root", repo, tmx)
    write(repo / "documents" / "news.xml", NEWS)
    cli("update", "--root", repo)
    title = news_catalog(repo)["title"]
    assert title.msgstr == "Министры снова встретились" and title.fuzzy
    assert title.extracted_comments[-1] == "memory: 100 % from memory/legacy.tmx#7"


# -- the parts -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("ru", "Встреча прошла 14 сентября 2023 г. в Москве. Стороны обсудили вопросы.", 2),
    ("hy", "ՀԱՊԿ գլխավոր քարտուղարը հանդիպեց։ Կողմերը քննարկեցին հարցեր։", 2),
    ("kk", "2023 жылғы 14 қыркүйекте кездесті. Тараптар мәселелерді талқылады.", 2),
    ("en", "It ended on 15 Sept. in Moscow. Mr. Smith said so! Fine.", 3),
])
def test_pysbd_segments_the_languages_it_covers(lang: str, text: str, expected: int) -> None:
    assert len(sentences(text, lang)) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("be", "Сустрэча адбылася ў Мінску. Бакі абмеркавалі пытанні.", ["Сустрэча адбылася ў Мінску.",
                                                                    "Бакі абмеркавалі пытанні."]),
    ("be", "Кіраўнік А. Лукашэнка выступіў. «Гэта важна», – сказаў ён.", ["Кіраўнік А. Лукашэнка выступіў.",
                                                                         "«Гэта важна», – сказаў ён."]),
    ("ky", "2023-ж. 14-сентябрда өттү. Тараптар талкуулашты!", ["2023-ж. 14-сентябрда өттү.",
                                                                "Тараптар талкуулашты!"]),
    ("tg", "Вохӯрӣ баргузор шуд... 20 нафар иштирок доштанд.", ["Вохӯрӣ баргузор шуд...",
                                                                "20 нафар иштирок доштанд."]),
    ("tg", "Ҷаласа дар ш. Душанбе баргузор гардид.", ["Ҷаласа дар ш. Душанбе баргузор гардид."]),
    ("ky", "бир сүйлөм. кичине тамга менен", ["бир сүйлөм. кичине тамга менен"]),
])
def test_punctuation_rules_for_belarusian_kyrgyz_and_tajik(lang: str, text: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected == rule_sentences(text)


def test_alignment_pairs_equal_counts_and_keeps_only_confident_pairs() -> None:
    source = ["One short sentence.", "A second and much longer sentence that goes on for a while."]
    assert align(source, ["Одно короткое предложение.", "Второе, гораздо более длинное предложение, "
                                                        "которое тянется довольно долго."]) == [(0, 0), (1, 1)]
    assert align(source, ["Второе, гораздо более длинное предложение, которое тянется долго.", "Одно."]) == []
    merged = ["One.", "Two is here.", "Three is a longer one than the others."]
    target = ["Один, и два здесь.", "Три длиннее остальных, чем все другие."]
    assert align(merged, target) == [(2, 1)]  # the first two became one: only the third is sure


def test_codes_are_renamed_in_order_or_left_for_the_translator() -> None:
    assert restore_codes("См. <a2>приговор</a2>.", "See <a2>the judgment</a2>.", "Read <a1>the judgment</a1>.") \
        == ("См. <a1>приговор</a1>.", True)
    assert restore_codes("См. <a1>приговор</a1>.", "See <a1>it</a1>.", "See <em>it</em> <x1/>.") \
        == ("См. приговор .", False)
    assert normalise("We  call <em>upon</em> &amp; THE") == "we call upon & the"


def test_merge_takes_the_proposal_and_counts_it() -> None:
    class Memory:
        def propose(self, msgid: str) -> Proposal | None:
            return Proposal("ОДКБ", 100, "doc#org", "exact") if msgid == "CSTO" else None

    template = Catalog(messages=[Message(msgid="CSTO", msgctxt="org"), Message(msgid="Other.", msgctxt="p1")])
    merged, summary = merge_catalog(Catalog(), template, Memory())
    org, p1 = merged.messages
    assert (org.msgstr, org.fuzzy, org.extracted_comments) == ("ОДКБ", True, ["memory: 100 % from doc#org"])
    assert p1.msgstr == "" and summary.from_memory == ["org"] and summary.added == ["org", "p1"]



def test_a_proposal_that_goes_obsolete_and_comes_back_still_says_where_it_came_from(tmp_path: Path) -> None:
    # Found by test_nothing_lost: a unit deleted and restored revived its proposal fuzzy with no origin,
    # which a reviewer could not tell from a translator's own "needs work".
    class Memory:
        def propose(self, msgid: str) -> Proposal | None:
            return Proposal("ОДКБ", 100, "doc#org", "exact") if msgid == "CSTO" else None

    with_org = Catalog(messages=[Message(msgid="CSTO", msgctxt="org"), Message(msgid="Other.", msgctxt="p1")])
    without = Catalog(messages=[Message(msgid="Other.", msgctxt="p1")])
    path = tmp_path / "ru.po"
    proposed, _ = merge_catalog(Catalog(), with_org, Memory())
    gone, _ = merge_catalog(proposed, without)
    path.write_bytes(write_po(gone))
    assert "#. memory: 100 % from doc#org\n#, fuzzy\n#~ msgctxt \"org\"" in path.read_text(encoding="utf-8")
    back, summary = merge_catalog(read_po_file(path), with_org)
    org = back.messages[0]
    assert (org.msgstr, org.fuzzy, org.extracted_comments) == ("ОДКБ", True, ["memory: 100 % from doc#org"])
    assert summary.revived == ["org"] and not back.obsolete

def _reference_rule_sentences(text: str) -> list[str]:
    """The punctuation rules stated one stop at a time, as the docstring of ``segment`` says them."""
    parts, start = [], 0
    for stop in re.finditer(r"[.!?…։]+[\"»”’)\]]*\s+", text):
        following = text[stop.end():stop.end() + 2]
        first = following[1] if following[:1] in tuple("\"«“„([<") and len(following) > 1 else following[:1]
        if not first or not (first.isupper() or first.isdigit()):
            continue
        word = re.search(r"(\w+)[.!?…։]*$", text[start:stop.start() + 1])
        if stop.group().startswith(".") and word and (
                (len(word.group(1)) == 1 and word.group(1).isupper()) or word.group(1).lower() in ABBREVIATIONS):
            continue
        parts.append(text[start:stop.end()])
        start = stop.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


# With capitals and other letters beyond the BMP, which the fast version checks apart.
_SEGMENT_ALPHABET = ("aAbBzZ гГдДжЖшШўЎәӘқҚңҢөӨүҮұҰһҺіІӣӢӯӮҳҲҷҶ ԱաՀհ 019 𝐀𝟏𝐚😀 .!?…։\"»”’)]«“„([< \n\t")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["г", "Mr", "U.S", "ш", "Б", "т.д", "Мінск", "Ұ", "Mr\n.", "г.\n"])
                | st.text(_SEGMENT_ALPHABET, max_size=8), max_size=12))
def test_punctuation_rules_match_their_one_stop_at_a_time_statement(pieces: list[str]) -> None:
    # segment.py finds the stops with one regular expression (for speed); this is the rule it must keep.
    text = " ".join(pieces)
    assert rule_sentences(text) == _reference_rule_sentences(text)


_VOCABULARY = ["the", "ministers", "met", "in", "Minsk", "security", "treaty", "council", "<em>joint</em>",
               "agreed", "to", "hold", "a", "meeting", "&amp;", "Dushanbe", "spring", "of", "organization"]


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=12).map(" ".join),
                      min_size=1, max_size=40),
       queries=st.lists(st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=12).map(" ".join),
                        min_size=1, max_size=20),
       threshold=st.sampled_from([50, 75, 90, 100]))
# Three words of five in common: a word-level score of exactly 60, the cut-off for a threshold of 75.
@example(texts=["the ministers met agreed to", "a council"], queries=["the ministers met in Minsk"], threshold=75)
def test_a_batched_near_match_search_answers_as_one_search_at_a_time(texts: list[str], queries: list[str],
                                                                      threshold: int) -> None:
    # update defers its near-match questions and asks them together (rapidfuzz's cdist); the answers,
    # ties included, must be those of one process.extract per question.
    asked = queries + texts[:3]
    shortlists: dict[str, list[tuple[str, list[int]]]] = {"one by one": [], "batched": []}
    indexes = {how: SourceIndex(texts, SourcePool("en")) for how in shortlists}
    for how, index in indexes.items():
        closest = index._closest
        index._closest = (lambda text, shortlist, threshold, closest=closest, how=how:  # type: ignore[method-assign]
                          shortlists[how].append((text, shortlist)) or closest(text, shortlist, threshold))
    indexes["batched"].near_many(asked, threshold)
    answers = {how: [index.near(q, threshold) for q in asked] for how, index in indexes.items()}
    assert answers["batched"] == answers["one by one"]
    # The word-level shortlists too (the closest ten, ties to the first text), not only what won.
    assert dict(shortlists["batched"]) == dict(shortlists["one by one"])


def test_the_words_met_first_are_coded_below_u0100_where_rapidfuzz_looks_them_up_in_an_array() -> None:
    # The near-match search compares words one character each; rapidfuzz reads a character below
    # U+0100 from an array and any other from a hash map (three times slower at N = 1000).
    pool = SourcePool("en")
    words = [f"w{n}" for n in range(300)]
    pool.add(" ".join(words))
    codes = pool.codes[0]
    assert [ord(code) for code in codes] == list(range(300))
    assert len(set(codes[:256])) == 256 and max(codes[:256]) < "\u0100"


def test_past_the_last_code_point_words_share_codes_and_the_letter_level_stage_decides(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A memory of more than 1.1 million distinct words (numbers, names, codes) runs out of code points:
    # chr() would raise. Words then share codes, and the closest text is still the one found.
    monkeypatch.setattr(sourcepool, "CODE_POINTS", 3)
    texts = ["the council met in Minsk", "a treaty was signed in Dushanbe", "ministers agreed to hold a meeting"]
    index = SourceIndex(texts, SourcePool("en"))
    assert index.near("the council met in Astana", 75) == (texts[0], fuzz.ratio(texts[0], "the council met in astana"))
    index.near_many(["ministers agreed to hold the meeting"], 75)
    assert index.near("ministers agreed to hold the meeting", 75)[0] == texts[2]  # type: ignore[index]
    assert {ord(code) for code in index._choices()[0]} <= {0, 1, 2}
