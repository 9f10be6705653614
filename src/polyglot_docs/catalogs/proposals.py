"""What the translation memory proposes for a new unit: what a translator would reuse, best first.

1. The exact paragraph, translated in another catalog of the language or in an imported memory.
2. The paragraph assembled from exact sentence matches: each sentence found in a translated
   paragraph whose sentences align with confidence (:mod:`.segment`) comes in translated; the
   others stay in the source language between ``⟦ ⟧``. Its score is the share of words covered.
3. The closest paragraph at or above the threshold (rapidfuzz's Indel ratio on normalised
   text: tags out, entities decoded, whitespace collapsed, case folded), with the inline codes
   of the new source put in place of the old source's.

An assembly covering at least half the words comes before a near match (it holds every sentence
of the new source, where a near match may lack one whole); otherwise the higher score wins.
Every proposal is written fuzzy with an extracted comment (``memory: 87 % from doc#p2``), so
that Poedit and Weblate show it for review; only an exact match of a short unit (an
organisation's or a place's name) may come in translated, when ``[memory] accept-exact`` is on.

The memory is read lazily: the language's list of sources (:class:`~.memory.TranslationMemory`,
as the catalogs were before the update, so that what is proposed does not depend on the order
documents are read in) on the first proposal; the sentence and near-match searches run over a
:class:`SourceIndex` of it, whose texts' sentences and word forms come from the
:class:`~.sourcepool.SourcePool` that every language and every update share.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from polyglot_docs.catalogs.memory import TranslationMemory, kept_for_the_process
from polyglot_docs.catalogs.memoryfile import MemoryPair
from polyglot_docs.catalogs.segment import align, sentences
from polyglot_docs.catalogs.sourcepool import TAG as _TAG
from polyglot_docs.catalogs.sourcepool import SourcePool
from polyglot_docs.catalogs.state import MEMORY_COMMENT
from polyglot_docs.catalogs.stats import word_count
from polyglot_docs.core.settings import MemorySettings

UNTRANSLATED_OPEN, UNTRANSLATED_CLOSE = "⟦", "⟧"
# An assembly covering at least this share of the words (percent) comes before any near match: it holds
# every sentence of the new source, a near match may miss one whole.
ASSEMBLY_FIRST = 50
SHORT_UNIT_WORDS = 8  # at most this many words: a name, which [memory] accept-exact may take as translated
CANDIDATES = 10  # texts a search looks at: the best, or the first that hold a sentence
WORD_STAGE_SLACK = 15  # points below the threshold a word-level comparison may score and still be looked at
BATCH = 64  # near-match questions searched together
_SPACE = re.compile(r"\s+")
# A search index's key: the pool's token and the numbers of the texts it searches.
IndexKey = tuple[str, tuple[int, ...]]


@dataclass(frozen=True)
class Proposal:
    msgstr: str
    score: int  # percent: similarity, or share of the words covered by an assembly
    origin: str  # <document>#<unit> or memory/<file>.tmx#<tuid>; an assembly's first source
    kind: str  # "exact", "sentences" or "fuzzy"
    accepted: bool = False  # comes in translated ([memory] accept-exact)
    note: str = ""  # what the translator must still do

    @property
    def comment(self) -> str:
        how = {"exact": "from", "sentences": "of the words from sentences of", "fuzzy": "from"}[self.kind]
        comment = f"{MEMORY_COMMENT}{self.score} % {how} {self.origin}"
        return f"{comment}; {self.note}" if self.note else comment


class SourceIndex:
    """Source texts with a translation, searchable by sentence and by similarity, each query answered once."""

    def __init__(self, texts: Iterable[str], pool: SourcePool):
        self.texts = list(dict.fromkeys(texts))
        self._pool = pool  # each text segmented and coded once, for every language and update
        self._position: dict[int, int] | None = None
        self._near: dict[tuple[str, int], tuple[str, float] | None] = {}
        self._containing: dict[str, list[str]] = {}
        self._words: list[str] | None = None

    def containing(self, sentence: str) -> list[str]:
        """The texts one of whose sentences is ``sentence``, first to last."""
        if self._position is None:
            # A sentence no text holds costs a lookup in the pool, not a scan of every text.
            self._position = {self._pool.add(text): i for i, text in enumerate(self.texts)}
            kept_for_the_process()
        found = self._containing.get(sentence)
        if found is None:  # asked again by every language that searches these texts
            position = self._position
            found = self._containing[sentence] = [
                self.texts[i] for i in sorted(position[n] for n in self._pool.holding(sentence) if n in position)]
        return found

    def near(self, text: str, threshold: int) -> tuple[str, float] | None:
        """The text most like ``text`` (other than itself) at or above ``threshold`` percent, and its score.

        Two stages: texts compared as sequences of words (one character per word: 50 symbols where the
        text has 300 letters, so thirty times cheaper) keep the closest few, which are then compared
        letter by letter; an edit inside a word costs the whole word in the first stage, hence its
        lower cut-off.
        """
        key = (text, threshold)
        if key not in self._near:
            from rapidfuzz import fuzz, process  # noqa: PLC0415 (only an update that needs it pays for the import)

            shortlist = process.extract(self._pool.words(text), self._choices(), scorer=fuzz.ratio,
                                        limit=CANDIDATES, score_cutoff=max(0, threshold - WORD_STAGE_SLACK))
            self._near[key] = self._closest(text, [index for _, _, index in shortlist], threshold)
        return self._near[key]

    def searched(self, text: str, threshold: int) -> bool:
        return (text, threshold) in self._near

    def near_many(self, texts: Iterable[str], threshold: int) -> None:
        """:meth:`near` for many texts at once, answers kept: the same answers, found in a third of the time.

        rapidfuzz reads the index's texts once per call; ``cdist`` reads them once for a whole batch
        (N = 1000, 14 800 texts: 1.5 ms a question in batches of 16 or more, against 3.7 ms one by one).
        The word-level shortlist is extract's: the best ``CANDIDATES`` at or above the cut-off, ties to the first.
        """
        import numpy as np  # noqa: PLC0415 (only an update that searches pays for the imports)
        from rapidfuzz import fuzz, process  # noqa: PLC0415

        asked = [text for text in dict.fromkeys(texts) if (text, threshold) not in self._near]
        cutoff = max(0, threshold - WORD_STAGE_SLACK)
        for start in range(0, len(asked), BATCH):  # a batch's scores: BATCH x texts doubles, bounded
            batch = asked[start:start + BATCH]
            scores = process.cdist([self._pool.words(text) for text in batch], self._choices(),
                                   scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float64)
            for text, row in zip(batch, scores, strict=True):
                kept = np.flatnonzero(row >= cutoff)
                best_first = kept[np.lexsort((kept, -row[kept]))][:CANDIDATES]
                self._near[text, threshold] = self._closest(text, best_first.tolist(), threshold)

    def _choices(self) -> list[str]:
        if self._words is None:
            self._words = [self._pool.codes[self._pool.add(candidate)] for candidate in self.texts]
            kept_for_the_process()
        return self._words

    def _closest(self, text: str, shortlist: list[int], threshold: int) -> tuple[str, float] | None:
        """Of the shortlisted texts, the closest letter by letter at or above ``threshold`` (the first of equals)."""
        from rapidfuzz import fuzz  # noqa: PLC0415

        query = self._pool.normalised(text)
        best: tuple[str, float] | None = None
        for index in shortlist:
            candidate = self.texts[index]
            score = fuzz.ratio(query, self._pool.normalised(candidate), score_cutoff=threshold)
            if candidate != text and score and (best is None or score > best[1]):
                best = (candidate, score)
        return best


class MemoryProposer:
    """Proposals for one language from the repository's translations and the imported memories."""

    def __init__(self, memory: TranslationMemory, imported: Callable[[], list[MemoryPair]], source_lang: str,
                 options: MemorySettings, shared: dict[IndexKey, SourceIndex] | None = None):
        self.memory = memory
        # Indexes by their texts' pool numbers: languages translated as far (all the way, most often)
        # search the same texts, and ask the same questions of them.
        self._shared = {} if shared is None else shared
        self.lang = memory.lang
        self.source_lang = source_lang
        self.options = options
        self._imported = imported
        self._pairs: dict[str, MemoryPair] | None = None
        self._pair_index: SourceIndex | None = None
        self._translated_index: SourceIndex | None = None
        self._assemblies: dict[str, Proposal | None] = {}
        self._pending: dict[str, None] = {}  # questions for one batched near-match search

    def propose(self, msgid: str) -> Proposal | None:
        return self.propose_or_defer(msgid, defer=False)[0]

    def propose_or_defer(self, msgid: str, *, defer: bool = True) -> tuple[Proposal | None, bool]:
        """What :meth:`propose` gives, or (None, True) if that needs a near-match search not run yet and
        ``defer`` says to keep the question for :meth:`search_pending`, which asks a batch at once."""
        if not self._searching(msgid):
            return None, False
        exact = self._exact(msgid)
        if exact is not None:
            return exact, False
        assembled = self._assembly(msgid)
        if assembled is not None and assembled.score >= ASSEMBLY_FIRST:
            return assembled, False
        if defer and not all(index.searched(msgid, self.options.threshold) for index in self._indexes()):
            self._pending[msgid] = None
            return None, True
        near = self._near(msgid)
        candidates = [p for p in (assembled, near) if p is not None]
        return max(candidates, key=lambda p: (p.score, p.kind == "sentences")) if candidates else None, False

    def search_pending(self) -> None:
        """Run the deferred near-match searches, in batches; :meth:`propose` then finds their answers."""
        if self._pending:
            for index in self._indexes():
                index.near_many(self._pending, self.options.threshold)
            self._pending.clear()

    def _searching(self, msgid: str) -> bool:
        # Nothing translated in this language yet: nothing to search.
        return self.options.proposals and bool(msgid.strip()) and (self.memory.has_translations() or bool(self.pairs))

    def _assembly(self, msgid: str) -> Proposal | None:
        if msgid not in self._assemblies:
            self._assemblies[msgid] = self._assembled(msgid)
        return self._assemblies[msgid]

    # -- the three kinds -------------------------------------------------------------------------------

    def _exact(self, msgid: str) -> Proposal | None:
        found = self._translation(msgid)
        if found is None:
            return None
        accepted = self.options.accept_exact and word_count(msgid) <= SHORT_UNIT_WORDS
        return Proposal(found[0], 100, found[1], "exact", accepted)

    def _assembled(self, msgid: str) -> Proposal | None:
        parts = sentences(msgid, self.source_lang)
        if len(parts) < 2:
            return None
        out: list[str] = []
        origins: list[str] = []
        covered = 0
        for part in parts:
            found = self._sentence(part)
            if found is None:
                out.append(f"{UNTRANSLATED_OPEN}{part}{UNTRANSLATED_CLOSE}")
                continue
            out.append(found[0])
            origins.append(found[1])
            covered += word_count(part)
        if not origins:
            return None
        score = min(100, round(100 * covered / max(1, word_count(msgid))))
        others = len(set(origins)) - 1
        origin = origins[0] + (f" and {others} more" if others else "")
        left = len(parts) - len(origins)
        marks = f"{UNTRANSLATED_OPEN} {UNTRANSLATED_CLOSE}"
        note = f"{left} sentence(s) in {marks} left in {self.source_lang}" if left else ""
        return Proposal(" ".join(out), score, origin, "sentences", note=note)

    def _near(self, msgid: str) -> Proposal | None:
        """The closest paragraph translated in this language: the repository's or an imported memory's."""
        hits = [hit for index in self._indexes() if (hit := index.near(msgid, self.options.threshold)) is not None]
        for source, score in sorted(hits, key=lambda hit: -hit[1]):
            found = self._translation(source)
            if found is not None:
                target, codes_placed = restore_codes(found[0], source, msgid)
                note = "" if codes_placed else "place the tags of the source: the memory's did not match them"
                return Proposal(target, min(99, int(score)), found[1], "fuzzy", note=note)
        return None

    # -- the memory's contents ---------------------------------------------------------------------------

    def _translation(self, source: str) -> tuple[str, str] | None:
        """A finished translation of ``source`` and where it is: the repository's first, then an imported one."""
        found = self.memory.get(source)
        if found is None and (pair := self.pairs.get(source)) is not None:
            found = pair.target, pair.origin
        return found

    @property
    def pairs(self) -> dict[str, MemoryPair]:
        """The imported memories' pairs by source text (the first file's first)."""
        if self._pairs is None:
            self._pairs = {}
            for pair in self._imported():
                self._pairs.setdefault(pair.source, pair)
        return self._pairs

    def _indexes(self) -> list[SourceIndex]:
        """The repository's source texts translated in this language, then the imported memories' if any.

        Searching only texts with a translation here, the first text found is the one to take.
        """
        if self._translated_index is None:
            self._translated_index = self._shared_index(self.memory.pool.token, self.memory.source_numbers())
        if self._pair_index is None and self.pairs:  # the languages of one imported memory: the same sources
            pool = self.memory.pool
            self._pair_index = self._shared_index(f"{pool.token} imported", [pool.add(text) for text in self.pairs])
        return [self._translated_index, *([self._pair_index] if self._pair_index else [])]

    def _shared_index(self, token: str, numbers: list[int]) -> SourceIndex:
        """The index of these pool texts, made once for every language that searches them."""
        key = (token, tuple(numbers))  # numbers mean texts only in their pool
        if key not in self._shared:
            pool = self.memory.pool
            self._shared[key] = SourceIndex([pool.texts[number] for number in numbers], pool)
        return self._shared[key]

    def _sentence(self, sentence: str) -> tuple[str, str] | None:
        """A confident translation of ``sentence`` from a translated paragraph holding it, and its origin."""
        for index in self._indexes():
            for tried, source in enumerate(index.containing(sentence)):
                if tried >= CANDIDATES:
                    break
                found = self._translation(source)
                if found is None:
                    continue
                source_parts = sentences(source, self.source_lang)
                target_parts = sentences(found[0], self.lang)
                for i, j in align(source_parts, target_parts):
                    if source_parts[i] == sentence:
                        return target_parts[j], found[1]
        return None


class DeferringProposer:
    """A proposer for a first merge: it answers what needs no near-match search, and defers the rest.

    ``update`` merges a worker's catalogs with it, runs the deferred searches in batches
    (:meth:`MemoryProposer.search_pending`), then asks the proposer itself again for the units of
    ``deferred`` (:func:`~.merge.propose_deferred`): every answer is ready.
    """

    def __init__(self, proposer: MemoryProposer):
        self.proposer = proposer
        self.deferred: set[str] = set()  # the msgids whose proposal waits for the search

    def propose(self, msgid: str) -> Proposal | None:
        proposal, deferred = self.proposer.propose_or_defer(msgid)
        if deferred:
            self.deferred.add(msgid)
        return proposal


def restore_codes(target: str, old_source: str, new_source: str) -> tuple[str, bool]:
    """``target`` (a translation of ``old_source``) with ``new_source``'s inline codes in place of the old ones.

    Codes pair in order when both sources have the same kinds of codes in the same order; then the
    target's tags are renamed (``<a2>`` becomes ``<a1>``). Otherwise the target's tags are removed and
    the second value is False: the translator places the source's.
    """
    old = _TAG.findall(old_source)
    new = _TAG.findall(new_source)
    if [(c, base, s) for c, base, _, s in old] != [(c, base, s) for c, base, _, s in new]:
        return _SPACE.sub(" ", _TAG.sub(" ", target)).strip(), not new
    renamed = {old_base + old_number: old_base + new_number
               for (_, old_base, old_number, _), (_, _, new_number, _) in zip(old, new, strict=True)}

    def rename(match: re.Match[str]) -> str:
        closing, base, number, empty = match.groups()
        return f"<{closing}{renamed.get(base + number, base + number)}{empty}>"

    return _TAG.sub(rename, target), True

