"""What ``update`` says it did to each file, and totals that add up (issue 15 §3)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import RU, STATEMENT, translate_units, write


def ru_catalog(repo: Path) -> Path:
    return repo / "locales" / "ru" / "LC_MESSAGES" / "statement.po"


def totals_agree(result) -> None:  # noqa: ANN001 (typer's Result)
    """The closing line's figures are the sums of the lines above it."""
    lines = result.stdout.splitlines()
    closing = result.stderr.strip().splitlines()[-1]
    match = re.fullmatch(r"(\d+) catalog\(s\): (\d+) written(?: \((\d+) changed, (\d+) new, (\d+) obsolete"
                         r" unit\(s\)(?:; (\d+) proposed by the memory)?\))?, (\d+) unchanged", closing)
    assert match, closing
    catalogs, written, changed, new, obsolete, proposed, unchanged = (int(g or 0) for g in match.groups())
    assert written == len(lines) and catalogs == written + unchanged
    counted = {"changed": 0, "new": 0, "obsolete": 0, "proposed by the memory": 0}
    for line in lines:
        for what in counted:
            found = re.search(rf"(\d+) {what}", line)
            counted[what] += int(found.group(1)) if found else 0
    assert counted == {"changed": changed, "new": new, "obsolete": obsolete, "proposed by the memory": proposed}


def test_each_file_says_what_changed_and_the_totals_add_up(repo: Path, cli) -> None:
    first = cli("update", "--root", repo)
    assert "created locales/ru/LC_MESSAGES/statement.po: 0 changed, 9 new, 0 obsolete" in first.stdout
    totals_agree(first)
    translate_units(ru_catalog(repo), RU)
    write(repo / "documents" / "statement.xml", STATEMENT
          .replace("respect the principles", "uphold the principles")
          .replace('<item xml:id="li2">Council of Defence Ministers</item>', ""))
    second = cli("update", "--root", repo)
    assert "updated locales/ru/LC_MESSAGES/statement.po: 1 changed, 0 new, 1 obsolete" in second.stdout
    # hy and kk: nothing translated, the changed and the deleted unit all the same.
    assert "updated locales/hy/LC_MESSAGES/statement.po: 1 changed, 0 new, 0 obsolete" in second.stdout
    totals_agree(second)


def test_a_file_rewritten_for_its_layout_only_says_so(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    translate_units(ru_catalog(repo), RU)
    cli("update", "--root", repo)
    path = ru_catalog(repo)
    text = path.read_text(encoding="utf-8")
    rewrapped = text.replace('msgid ""\n"The International', 'msgid "The International')  # another editor's wrapping
    assert rewrapped != text
    path.write_text(rewrapped.replace('Military Tribunal in Nuremberg found that "\n"crimes',
                                      'Military Tribunal in Nuremberg found that crimes'), encoding="utf-8")
    result = cli("update", "--root", repo)
    assert result.stdout == "updated locales/ru/LC_MESSAGES/statement.po: rewritten (wrapping only)\n"
    totals_agree(result)


def test_a_note_or_a_header_field_is_named(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    write(repo / "documents" / "statement.xml", STATEMENT.replace(
        "Use the official Russian name of the Tribunal.", "Use the Tribunal's official name."))
    result = cli("update", "--root", repo)
    assert result.stdout.splitlines()[0] == ("updated locales/ru/LC_MESSAGES/statement.po: "
                                             "comments, references or flags updated")
    totals_agree(result)
    path = ru_catalog(repo)
    path.write_text(re.sub(r'"POT-Creation-Date: [^"]*"\n', "", path.read_text(encoding="utf-8")), encoding="utf-8")
    result = cli("update", "--root", repo)
    assert result.stdout == "updated locales/ru/LC_MESSAGES/statement.po: header updated (POT-Creation-Date)\n"


def test_nothing_is_said_of_files_left_alone(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    result = cli("update", "--root", repo)
    assert result.stdout == ""
    assert result.stderr.endswith("3 catalog(s): 0 written, 3 unchanged\n")


def test_the_memory_s_proposals_are_counted_after_the_units(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    translate_units(ru_catalog(repo), RU)
    write(repo / "documents" / "second.xml", STATEMENT.replace('id="statement"', 'id="second"'))
    result = cli("update", "--root", repo)
    proposed = len(RU)
    assert (f"created locales/ru/LC_MESSAGES/second.po: 0 changed, 9 new, 0 obsolete, {proposed} proposed by "
            "the memory") in result.stdout
    assert result.stderr.strip().splitlines()[-1] == (
        f"6 catalog(s): 3 written (0 changed, 27 new, 0 obsolete unit(s); {proposed} proposed by the memory), "
        "3 unchanged")
    totals_agree(result)
