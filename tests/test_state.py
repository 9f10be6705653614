"""The one function that says what state a unit is in, and everything that reads it.

The table is pinned here: status, check, translate, the publishing gate and the report all take
their states from ``unit_state``, so a change to it is a change to all of them at once.
"""

from __future__ import annotations

import pytest

from polyglot_docs.catalogs.model import Catalog, Message
from polyglot_docs.catalogs.state import UnitState, message_state, unit_state
from polyglot_docs.catalogs.stats import catalog_counts

SOURCE = "The <em>Council</em> met in 2021."
GOOD = "<em>Совет</em> собрался в 2021 году."

# (message, the document's current source text or None when the unit is gone) -> state
TABLE = [
    (None, SOURCE, UnitState.MISSING),
    (Message(SOURCE, "", "p1"), SOURCE, UnitState.UNTRANSLATED),
    (Message(SOURCE, "", "p1", fuzzy=True), SOURCE, UnitState.UNTRANSLATED),  # msgfmt: fuzzy without text
    (Message(SOURCE, GOOD, "p1", fuzzy=True), SOURCE, UnitState.FUZZY),
    (Message("Old text.", GOOD, "p1", fuzzy=True), SOURCE, UnitState.FUZZY),  # fuzzy wins over outdated
    (Message("Old text.", GOOD, "p1"), SOURCE, UnitState.OUTDATED),
    (Message(SOURCE, GOOD, "p1"), None, UnitState.OUTDATED),  # the unit is gone from the document
    (Message(SOURCE, "Совет собрался в 2021 году.", "p1"), SOURCE, UnitState.INVALID),  # <em> lost
    (Message(SOURCE, "<em>Совет</em> <b>собрался</b>.", "p1"), SOURCE, UnitState.INVALID),  # tag added
    (Message(SOURCE, GOOD, "p1"), SOURCE, UnitState.TRANSLATED),
    (Message(SOURCE, "в 2021 году собрался <em>Совет</em>.", "p1"), SOURCE, UnitState.TRANSLATED),  # reordered
]


@pytest.mark.parametrize(("message", "source", "expected"), TABLE)
def test_unit_state_table(message: Message | None, source: str | None, expected: UnitState) -> None:
    state, problem = unit_state(message, source)
    assert state is expected
    assert (problem is not None) == (expected is UnitState.INVALID)


@pytest.mark.parametrize(("message", "source", "expected"), TABLE)
def test_message_state_is_the_catalog_half_of_unit_state(message: Message | None, source: str | None,
                                                         expected: UnitState) -> None:
    # Without the document, outdated and invalid translations count as translated, as msgfmt counts them.
    whole = {UnitState.OUTDATED: UnitState.TRANSLATED, UnitState.INVALID: UnitState.TRANSLATED}.get(expected, expected)
    assert message_state(message) is whole


def test_counts_follow_the_states() -> None:
    messages = [m for m, _, _ in TABLE if m is not None]
    counts = catalog_counts(Catalog(messages=messages))
    states = [message_state(m) for m in messages]
    assert (counts.translated, counts.fuzzy, counts.untranslated) == (
        states.count(UnitState.TRANSLATED), states.count(UnitState.FUZZY), states.count(UnitState.UNTRANSLATED))


@pytest.mark.parametrize(("module", "function"), [
    ("catalogs/stats.py", "message_state("),      # status
    ("checks/runner.py", "unit_state("),          # check
    ("editions/translate.py", "unit_state("),      # translate, and through it the publishing gate
    ("editions/report.py", "unit_state("),         # the dashboard's review pages
    ("catalogs/merge.py", "message_state("),      # exact-text revival takes only finished translations
])
def test_every_reader_of_states_asks_the_one_function(module: str, function: str) -> None:
    from pathlib import Path

    source = (Path(__file__).resolve().parents[1] / "src" / "polyglot_docs" / module).read_text(encoding="utf-8")
    assert function in source, f"{module} should take its states from catalogs/state.py"
