"""Documents in another encoding than UTF-8 (refused), and `ids` keeping every byte (issue 13, §3).

Rows of docs/RELIABILITY.md: ``CASES`` run in test_hostile.py, ``BEHAVIOUR`` describes tests elsewhere.
"""

from __future__ import annotations

from conftest import STATEMENT
from test_hostile import BODY, DOC, HEAD, Case, edit, put

_ADVICE = 'documents are UTF-8: save it as UTF-8 and declare encoding="UTF-8" (or no encoding)'

CASES: list[Case] = [
    Case("XML", "declared ISO-8859-1 over UTF-8 bytes", ("update",),
         edit(DOC, 'encoding="UTF-8"', 'encoding="ISO-8859-1"'),
         f"{DOC}:1: document declares encoding 'ISO-8859-1'; {_ADVICE}"),
    Case("XML", "declared windows-1251, bytes in windows-1251", ("update",),
         put(DOC, (HEAD.replace("UTF-8", "windows-1251") + BODY.replace("Dushanbe", "Душанбе")).encode("cp1251")),
         f"{DOC}:6: document is not valid UTF-8"),
    Case("XML", "declared utf8 (not the name UTF-8)", ("update",), edit(DOC, 'encoding="UTF-8"', "encoding='utf8'"),
         f"{DOC}:1: document declares encoding 'utf8'; {_ADVICE}"),
    Case("XML", "UTF-16 with byte-order mark", ("update",),
         put(DOC, STATEMENT.replace("UTF-8", "UTF-16").encode("utf-16")),
         f"{DOC}:1: document is UTF-16, not UTF-8; save it as UTF-8 without BOM"),
    Case("XML", "UTF-16 without byte-order mark", ("update",),
         put(DOC, STATEMENT.replace("UTF-8", "UTF-16").encode("utf-16-be")),
         f"{DOC}:1: document is UTF-16, not UTF-8; save it as UTF-8 without BOM"),
]

BEHAVIOUR: list[tuple[str, str, str, str, str]] = [
    ("XML", "blocks without ids in a document with comments and processing instructions around the root, "
            "`&#160;`, CDATA, both quote characters, `>` in attribute values, tabs and line breaks in tags",
     "ids", "only the new `xml:id` attributes are inserted, each after the last attribute of its start tag; "
            "every other byte is kept and the result validates",
     "tests/test_xml_bytes.py::test_ids_changes_only_the_attributes_it_adds"),
    ("XML", "random documents of that kind", "ids", "taking the inserted attributes out again gives the file "
            "byte for byte", "tests/test_xml_bytes.py::test_ids_only_ever_inserts_its_attributes"),
]
