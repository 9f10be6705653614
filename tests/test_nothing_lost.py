"""No translation disappears: long random sequences of source revisions and translator actions.

After every step `update` runs; every unit's latest translation (the last one its
translator wrote) must still be in the catalog: on the unit while it exists,
fuzzy or not, and in an obsolete entry with the unit's id while it does not. When
the unit comes back, its translation comes back with it. The translator's editor may
write a translation with octal escapes, set flags of its own, or save the catalog with CR
line ends (which `update` refuses, changing nothing).
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from conftest import SETTINGS, write
from polyglot_docs.catalogs.po import read_po_file, write_po
from polyglot_docs.core.errors import CatalogError
from polyglot_docs.repository import Repository
from test_po_gettext import assert_canonical_but_foreign_flags

STEPS = int(os.environ.get("POLYGLOT_FUZZ_STEPS", "25"))
EXAMPLES = int(os.environ.get("POLYGLOT_FUZZ_EXAMPLES", "40"))
WORDS = ["The", "council", "of", "ministers", "met", "in", "Minsk", "Secretary", "General", "judgment",
         "Tribunal", "states", "1,500", "3.5%"]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(lambda w: " ".join(w) + ".")
# Flags editors and Weblate set; c-format is left out, as msgfmt --check would rightly refuse "3.5%." with it.
FLAGS = ["python-brace-format", "no-c-format", "range: 0..9", "max-length:100", "no-numbers-check"]


class Revisions(RuleBasedStateMachine):
    """A document edited by an editor and translated by a translator, with `update` after each step."""

    def __init__(self) -> None:
        super().__init__()
        import tempfile

        self.root = Path(tempfile.mkdtemp(prefix="nothing-lost-"))
        write(self.root / "polyglot.toml", SETTINGS.replace('["ru", "hy", "kk"]', '["ru"]'))
        self.repo = Repository.open(self.root)
        self.paragraphs: list[tuple[str, str]] = []
        self.layout: dict[str, bool] = {}  # unit id -> text written with extra XML whitespace
        self.deleted: dict[str, str] = {}
        self.latest: dict[str, str] = {}  # unit id -> the last translation its translator wrote
        self.made_for: dict[str, str] = {}  # unit id -> the source text that translation was made for
        self.flags: dict[str, set[str]] = {}  # unit id -> the flags the translator's tools set on it
        self.counter = 0
        self.serial = 0

    @property
    def catalog_path(self) -> Path:
        return self.root / "locales" / "ru" / "LC_MESSAGES" / "doc.po"

    def new_id(self) -> str:
        self.counter += 1
        return f"p{self.counter}"

    def save_and_update(self) -> None:
        body = []
        for unit_id, text in self.paragraphs:
            shown = escape(text)
            if self.layout.get(unit_id):
                shown = "\n        " + shown.replace(" ", "\n      \t ") + "\n    "
            body.append(f'    <p xml:id="{unit_id}">{shown}</p>')
        write(self.root / "documents" / "doc.xml",
              '<?xml version="1.0" encoding="UTF-8"?>\n<document id="doc" type="news" xml:lang="en" '
              'date="2023-09-14">\n  <meta>\n    <organisation xml:id="org">CSTO</organisation>\n  </meta>\n'
              '  <title xml:id="title">Title</title>\n  <body>\n' + "\n".join(body) + "\n  </body>\n</document>\n")
        self.repo.update()

    @initialize(texts=st.lists(sentences, min_size=2, max_size=6))
    def start(self, texts: list[str]) -> None:
        self.paragraphs = [(self.new_id(), text) for text in texts]
        self.save_and_update()

    # -- the editor --------------------------------------------------------------

    @precondition(lambda self: self.paragraphs)
    @rule(data=st.data(), text=sentences)
    def edit(self, data: st.DataObject, text: str) -> None:
        i = data.draw(st.integers(0, len(self.paragraphs) - 1))
        self.paragraphs[i] = (self.paragraphs[i][0], text)
        self.save_and_update()

    @precondition(lambda self: len(self.paragraphs) > 1)
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        i = data.draw(st.integers(0, len(self.paragraphs) - 1))
        unit_id, text = self.paragraphs.pop(i)
        self.deleted[unit_id] = text
        self.flags.pop(unit_id, None)  # an obsolete entry keeps what msgcat keeps (not a range)
        self.save_and_update()

    @precondition(lambda self: self.deleted)
    @rule(data=st.data(), same_text=st.booleans(), text=sentences)
    def re_add(self, data: st.DataObject, same_text: bool, text: str) -> None:
        unit_id = data.draw(st.sampled_from(sorted(self.deleted)))
        old = self.deleted.pop(unit_id)
        i = data.draw(st.integers(0, len(self.paragraphs)))
        self.paragraphs.insert(i, (unit_id, old if same_text else text))
        self.save_and_update()

    @rule(data=st.data(), text=sentences)
    def insert(self, data: st.DataObject, text: str) -> None:
        i = data.draw(st.integers(0, len(self.paragraphs)))
        self.paragraphs.insert(i, (self.new_id(), text))
        self.save_and_update()

    @precondition(lambda self: len(self.paragraphs) > 1)
    @rule(data=st.data())
    def move(self, data: st.DataObject) -> None:
        i = data.draw(st.integers(0, len(self.paragraphs) - 1))
        paragraph = self.paragraphs.pop(i)
        self.paragraphs.insert(data.draw(st.integers(0, len(self.paragraphs))), paragraph)
        self.save_and_update()

    @precondition(lambda self: self.paragraphs)
    @rule(data=st.data(), text=sentences)
    def split(self, data: st.DataObject, text: str) -> None:
        i = data.draw(st.integers(0, len(self.paragraphs) - 1))
        unit_id, old = self.paragraphs[i]
        words = old.split(" ")
        head = " ".join(words[: max(1, len(words) // 2)])
        self.paragraphs[i] = (unit_id, head)
        self.paragraphs.insert(i + 1, (self.new_id(), text))
        self.save_and_update()

    @precondition(lambda self: len(self.paragraphs) > 1)
    @rule(data=st.data())
    def merge(self, data: st.DataObject) -> None:
        i = data.draw(st.integers(0, len(self.paragraphs) - 2))
        (first_id, first), (second_id, second) = self.paragraphs[i], self.paragraphs[i + 1]
        self.paragraphs[i : i + 2] = [(first_id, f"{first} {second}")]
        self.deleted[second_id] = second
        self.flags.pop(second_id, None)
        self.save_and_update()

    @precondition(lambda self: self.paragraphs)
    @rule(data=st.data())
    def reformat(self, data: st.DataObject) -> None:
        unit_id = data.draw(st.sampled_from([u for u, _ in self.paragraphs]))
        before = self.catalog_path.read_bytes()
        self.layout[unit_id] = not self.layout.get(unit_id)
        self.save_and_update()
        assert self.catalog_path.read_bytes() == before, "a whitespace-only edit changed the catalog"

    # -- the translator ----------------------------------------------------------

    @precondition(lambda self: self.paragraphs)
    @rule(data=st.data(), escaped=st.booleans())
    def translate(self, data: st.DataObject, escaped: bool) -> None:
        unit_id = data.draw(st.sampled_from([u for u, _ in self.paragraphs]))
        self.serial += 1
        translation = f"Перевод {self.serial} «{unit_id}»"
        catalog = read_po_file(self.catalog_path)
        message = next(m for m in catalog.messages if m.msgctxt == unit_id)
        message.msgstr, message.fuzzy, message.previous_msgid = translation, False, None
        saved = write_po(catalog)
        if escaped:  # an editor that writes every byte of the translation as an octal escape
            octal = "".join(f"\\{byte:03o}" for byte in translation.encode())
            saved = saved.replace(f'msgstr "{translation}"'.encode(), f'msgstr "{octal}"'.encode())
            assert octal.encode() in saved
        self.catalog_path.write_bytes(saved)
        self.latest[unit_id] = translation
        self.made_for[unit_id] = message.msgid
        self.repo.update()

    @precondition(lambda self: self.paragraphs)
    @rule()
    def review_fuzzy(self) -> None:
        catalog = read_po_file(self.catalog_path)
        for message in catalog.messages:
            if message.fuzzy:
                message.fuzzy, message.previous_msgid = False, None
                self.latest[message.msgctxt or ""] = message.msgstr
                self.made_for[message.msgctxt or ""] = message.msgid
        self.catalog_path.write_bytes(write_po(catalog))
        self.repo.update()

    @precondition(lambda self: self.paragraphs)
    @rule(data=st.data(), flags=st.lists(st.sampled_from(FLAGS), min_size=1, unique=True))
    def set_flags(self, data: st.DataObject, flags: list[str]) -> None:
        unit_id = data.draw(st.sampled_from([u for u, _ in self.paragraphs]))
        catalog = read_po_file(self.catalog_path)
        message = next(m for m in catalog.messages if m.msgctxt == unit_id)
        message.flags = [*message.flags, *(f for f in flags if f not in message.flags)]
        self.catalog_path.write_bytes(write_po(catalog))
        self.flags.setdefault(unit_id, set()).update(flags)
        self.repo.update()

    @rule()
    def save_with_cr_line_ends(self) -> None:
        saved = self.catalog_path.read_bytes()
        self.catalog_path.write_bytes(saved.replace(b"\n", b"\r"))
        with pytest.raises(CatalogError, match="carriage return"):
            self.repo.update()
        assert self.catalog_path.read_bytes() == saved.replace(b"\n", b"\r"), "a refused catalog was changed"
        self.catalog_path.write_bytes(saved)  # the translator saves it again with LF line ends

    # -- what must hold ------------------------------------------------------------

    @invariant()
    def no_translation_is_lost(self) -> None:
        if not self.catalog_path.exists():
            return
        catalog = read_po_file(self.catalog_path)
        active = {m.msgctxt: m for m in catalog.messages}
        obsolete = {(m.msgctxt, m.msgstr) for m in catalog.obsolete}
        current = {u for u, _ in self.paragraphs}
        assert [m.msgctxt for m in catalog.messages] == ["org", "title", *[u for u, _ in self.paragraphs]]
        for unit_id, translation in self.latest.items():
            if unit_id in current:
                assert active[unit_id].msgstr == translation, (unit_id, "translation did not stay or come back")
            else:
                assert (unit_id, translation) in obsolete, (unit_id, "translation lost after deletion")
        for unit_id, flags in self.flags.items():
            assert flags <= set(active[unit_id].flags), (unit_id, "a flag was lost")
        for unit_id, text in self.paragraphs:
            message = active[unit_id]
            assert message.msgid == text
            if message.fuzzy:  # made for an older source, or proposed by the memory (and saying so)
                proposed = any(c.startswith("memory: ") for c in message.extracted_comments)
                assert message.msgstr and (proposed or (message.previous_msgid and message.previous_msgid != text))
            if unit_id in self.made_for:
                # Exactly the units whose source differs from what their translation was made for are fuzzy,
                # and they show that source as the previous msgid.
                assert message.fuzzy == (text != self.made_for[unit_id]), (unit_id, "fuzzy state")
                if message.fuzzy:
                    assert message.previous_msgid == self.made_for[unit_id]

    def teardown(self) -> None:
        if self.catalog_path.exists():
            assert_canonical_but_foreign_flags(self.catalog_path)
        import shutil

        shutil.rmtree(self.root, ignore_errors=True)


Revisions.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
                                       suppress_health_check=[HealthCheck.too_slow])
test_no_translation_is_ever_lost = Revisions.TestCase
