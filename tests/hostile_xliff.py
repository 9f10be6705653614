"""XLIFF files coming back from CAT tools (issue 14, §1): rows of docs/RELIABILITY.md.

``CASES`` are refused by ``xliff import`` with one ``file:line: message`` line, nothing written
(run by ``test_hostile.py``); ``BEHAVIOUR`` lists what is handled rather than refused, each shown
by a test in ``test_xliff.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import RU, translate_units
from polyglot_docs.catalogs.interchange import XliffInterchange
from polyglot_docs.repository import Repository
from test_hostile import Case

XLF = "xliff/ru/statement.xlf"
COMMAND = ("xliff", "import", XLF)
P3_TARGET = ('<target>См. <pc id="a1" type="link" dataRefStart="d-a1" dataRefEnd="d-a1-end">приговор</pc> от '
             '<ph id="x1" canCopy="no" canDelete="no" dataRef="d-x1" equiv="1 October 1946"/>, пункт 3,5.</target>')


def exported(old: str, new: str, *, version: str = "2.1", document: tuple[str, str] | None = None
             ) -> Callable[[Path], None]:
    """Translate the Russian catalog, export it, then edit the XLIFF file (and, given, the document, then update)."""
    def prepare(root: Path) -> None:
        translate_units(root / "locales/ru/LC_MESSAGES/statement.po", RU)
        repo = Repository.open(root)
        XliffInterchange(repo.documents, repo.catalogs).export("ru", None, root / "xliff", version)
        path = root / XLF
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        if document is not None:
            source = root / "documents/statement.xml"
            source.write_text(source.read_text(encoding="utf-8").replace(*document), encoding="utf-8")
            repo.update()
            repo.cache.flush()
    return prepare


CASES: list[Case] = [
    Case("XLIFF", "malformed XML (a file cut short)", COMMAND, exported("  </file>\n</xliff>\n", ""),
         f"{XLF}:91: malformed XML: Premature end of data in tag file line 3"),
    Case("XLIFF", "DTD with entities (billion laughs)", COMMAND,
         exported("<xliff ", '<!DOCTYPE xliff [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<xliff '),
         f"{XLF}:2: DTDs and entity declarations are not allowed"),
    Case("XLIFF", "unknown unit id", COMMAND, exported('<unit id="h1">', '<unit id="h9">'),
         f"{XLF}:40: unknown unit id 'h9': documents/statement.xml has no such block"),
    Case("XLIFF", "source changed in the document since the export", COMMAND,
         exported("", "", document=("The judgment</h>", "The verdict</h>")),
         f"{XLF}:40: the source of unit 'h1' no longer matches the document (changed since the export); export "
         "again and carry the translation over"),
    Case("XLIFF", "protected code deleted from a target", COMMAND,
         exported(P3_TARGET, P3_TARGET.replace('<ph id="x1" canCopy="no" canDelete="no" dataRef="d-x1" '
                                               'equiv="1 October 1946"/>', "1 октября 1946 г.")),
         f"{XLF}:70: the target of unit 'p3' lacks protected code x1, which may not be deleted"),
    Case("XLIFF", "protected code added to a target", COMMAND,
         exported(P3_TARGET, P3_TARGET.replace("пункт", '<ph id="x2" canCopy="no" canDelete="no"/> пункт')),
         f"{XLF}:70: the target of unit 'p3' has protected code x2, which its source does not have"),
    Case("XLIFF", "protected code turned into editable text", COMMAND,
         exported(P3_TARGET, P3_TARGET.replace('<ph id="x1" canCopy="no" canDelete="no" dataRef="d-x1" '
                                               'equiv="1 October 1946"/>', '<pc id="x1">1 октября 1946</pc>')),
         f"{XLF}:70: unit 'p3': code x1 was altered: it is a <pc>, the source's is a <ph>"),
    Case("XLIFF", "protected text altered in the original data", COMMAND,
         exported('<data id="d-x1">1 October 1946</data>', '<data id="d-x1">1 октября 1946</data>'),
         f"{XLF}:66: the original data 'd-x1' of unit 'p3' was altered: it must stay '1 October 1946'"),
    Case("XLIFF", "a link's address altered in the original data", COMMAND,
         exported("https://example.org/judgment", "https://example.com/"),
         f"{XLF}:64: the original data 'd-a1' of unit 'p3' was altered: it must stay "
         "'<a href=\"https://example.org/judgment\">'"),
    Case("XLIFF", "a code split into `<sc>`/`<ec>`", COMMAND,
         exported(P3_TARGET, P3_TARGET.replace('<pc id="a1" type="link" dataRefStart="d-a1" dataRefEnd="d-a1-end">'
                                               'приговор</pc>', '<sc id="a1"/>приговор<ec startRef="a1"/>')),
         f"{XLF}:70: unit 'p3': <sc> is not supported: keep each code whole, as exported (<pc> and <ph/>)"),
    Case("XLIFF", "wrong target language", COMMAND, exported('trgLang="ru"', 'trgLang="de"'),
         f"{XLF}:2: wrong target language 'de' (trgLang): this repository's catalogs are in hy, kk, ru"),
    Case("XLIFF", "unit split into two segments", COMMAND,
         exported("<source>The judgment</source>\n        <target>Приговор</target>\n      </segment>",
                  "<source>The judgment</source>\n        <target>Приговор</target>\n      </segment>\n"
                  "      <segment><source>x</source></segment>"),
         f"{XLF}:40: unit 'h1' has 2 segments and 0 ignorables; join them into one segment, as exported"),
    Case("XLIFF 1.2", "protected code deleted from a target", COMMAND,
         exported('от <x id="x1" ctype="x-protected" clone="no" equiv-text="1 October 1946"/>', "от 1 октября 1946 г.",
                  version="1.2"),
         f"{XLF}:38: the target of unit 'p3' lacks protected code x1, which may not be deleted"),
]

_T = "test_xliff.py"
BEHAVIOUR: list[tuple[str, str, str, str, str]] = [
    ("XLIFF", "a catalog exported and imported back with no edit, as 2.1 and as 1.2", "xliff export, xliff import",
     "no byte of any catalog changed, the seed corpus's 36 catalogs included",
     f"{_T}::test_the_seed_corpus_goes_out_and_back_in_every_language_unchanged"),
    ("XLIFF", "one target edited in a CAT tool", "xliff import",
     "that entry alone changed; the catalog is still byte for byte as `msgcat` writes it",
     f"{_T}::test_an_edited_target_changes_only_its_entry"),
    ("XLIFF", "a catalog saved by a translator after `xliff import` read it", "xliff import",
     "left as saved and named (`changed while importing; left as saved — import again`), exit 1",
     f"{_T}::test_a_catalog_saved_while_importing_is_left_as_saved"),
    ("XLIFF", "a file saved with a byte-order mark, CRLF line ends, as UTF-16", "xliff import", "read as any other",
     f"{_T}::test_files_from_windows_tools_are_read"),
    ("XLIFF", "a refused file among several", "xliff import", "the others imported; the refused one named, exit 1",
     f"{_T}::test_one_refused_file_does_not_stop_the_others"),
    ("XLIFF", "a catalog older than its document", "xliff export",
     "refused (`catalog is out of date with …; run update before exporting`), no file written",
     f"{_T}::test_export_refuses_a_catalog_older_than_its_document_and_writes_nothing"),
    ("XLIFF", "a translation whose markup cannot be an XLIFF target (a tag the source lacks, a protected code "
     "missing)", "xliff export", "exported without a target and with a note saying why, never as escaped text",
     f"{_T}::test_a_translation_whose_markup_cannot_be_a_target_is_not_offered"),
]
