"""Shared fixtures: temporary repositories, the CLI, and GNU gettext as an oracle."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from polyglot_docs.cli import app

SETTINGS = """\
[repository]
source-language = "en"
target-languages = ["ru", "hy", "kk"]
organisation = "Collective Security Treaty Organization"
"""

STATEMENT = """\
<?xml version="1.0" encoding="UTF-8"?>
<document xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0"
          id="statement" type="statement" xml:lang="en" date="2021-05-19">
  <meta>
    <organisation xml:id="org">Collective Security Treaty Organization</organisation>
    <place xml:id="place">Dushanbe</place>
    <symbol its:translate="no">CSTO/CFM/2021/3</symbol>
  </meta>
  <title xml:id="title">Statement by the Ministers for Foreign Affairs</title>
  <body>
    <p xml:id="p1">We call upon the <em>global</em> community to respect the principles.</p>
    <h xml:id="h1">The judgment</h>
    <p xml:id="p2" its:locNote="Use the official Russian name of the Tribunal.">The
       International Military Tribunal   in Nuremberg found that crimes had been committed.</p>
    <p xml:id="p3">See <a href="https://example.org/judgment">the judgment</a> of
       <span its:translate="no">1 October 1946</span>, item 3.5.</p>
    <list>
      <item xml:id="li1">Council of Foreign Ministers</item>
      <item xml:id="li2">Council of Defence Ministers</item>
    </list>
  </body>
</document>
"""

# A complete Russian translation of STATEMENT.
RU = {
    "org": "Организация Договора о коллективной безопасности",
    "place": "Душанбе",
    "title": "Заявление министров иностранных дел",
    "p1": "Призываем <em>мировое</em> сообщество уважать принципы.",
    "h1": "Приговор",
    "p2": "Международный военный трибунал в Нюрнберге установил, что преступления были совершены.",
    "p3": "См. <a1>приговор</a1> от <x1/>, пункт 3,5.",
    "li1": "Совет министров иностранных дел",
    "li2": "Совет министров обороны",
}


def translate_units(path: Path, translations: dict[str, str], fuzzy: frozenset[str] = frozenset()) -> None:
    """What a translator does in Poedit: fill msgstr and clear fuzzy (or leave the units in ``fuzzy`` fuzzy)."""
    from polyglot_docs.catalogs.po import read_po_file, write_po

    catalog = read_po_file(path)
    for message in catalog.messages:
        if message.msgctxt in translations:
            message.msgstr = translations[message.msgctxt]
            message.fuzzy = message.msgctxt in fuzzy
            message.previous_msgid = None
    path.write_bytes(write_po(catalog))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A temporary repository with settings and one statement."""
    write(tmp_path / "polyglot.toml", SETTINGS)
    write(tmp_path / "documents" / "statement.xml", STATEMENT)
    return tmp_path


@pytest.fixture
def cli() -> Callable[..., object]:
    runner = CliRunner()

    def run(*args: str, expect: int | None = 0, input: str | None = None):  # noqa: A002
        result = runner.invoke(app, [str(a) for a in args], input=input)
        if expect is not None:
            assert result.exit_code == expect, (result.output, result.exception)
        return result

    return run


def gettext_tool(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    if shutil.which(str(args[0])) is None:
        pytest.fail(f"{args[0]} is not installed: install GNU gettext (apt-get install gettext)")
    return subprocess.run([str(a) for a in args], capture_output=True, env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})


def assert_gettext_canonical(path: Path) -> None:
    """msgcat prints the file byte for byte, and msgfmt --check accepts it."""
    printed = gettext_tool("msgcat", path)
    assert printed.returncode == 0, printed.stderr.decode()
    assert printed.stdout == path.read_bytes(), f"msgcat reformats {path}"
    if path.suffix == ".po":
        checked = gettext_tool("msgfmt", "--check", "-o", "/dev/null", path)
        assert checked.returncode == 0, checked.stderr.decode()
