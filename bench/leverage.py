"""How much the translation memory proposes, and how close its proposals are to the real translations.

    python bench/leverage.py --corpus .                      # leave-one-out on the seed corpus
    python bench/leverage.py --synthetic 1000 --work /tmp/w  # a revision of the synthetic corpus

Leave-one-out: for each document and language with translations, a copy of the repository loses
that catalog and ``update`` recreates it with the memory of everything else; each unit's proposal is
compared with the translation that was hidden. Synthetic: the benchmark corpus (bench/generate.py)
gets its revision, and the units it inserts are compared with the translations the generator would
have written. Words are counted on the source, in bands by the proposal's score (similarity, or the
share of words an assembly covers); the edit distance is Levenshtein's, normalised by the longer
text, between the proposal (``⟦ ⟧`` spans left in) and the real translation.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from polyglot_docs.catalogs.po import read_po_file
from polyglot_docs.catalogs.stats import word_count
from polyglot_docs.repository import Repository

HERE = Path(__file__).resolve().parent
BANDS = ["100 %", "95–99 %", "75–94 %", "below 75 %", "none"]
_SCORE = re.compile(r"^memory: (\d+) % ")


@dataclass
class Tally:
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    distances: list[float] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, msgid: str, proposal: str | None, comment: str | None, real: str) -> None:
        words = word_count(msgid)
        if proposal is None or comment is None:
            self.words["none"] += words
            return
        score = int(_SCORE.match(comment).group(1))  # type: ignore[union-attr]
        band = "100 %" if score == 100 else "95–99 %" if score >= 95 else "75–94 %" if score >= 75 else "below 75 %"
        self.words[band] += words
        self.kinds["sentences" if "from sentences of" in comment else "exact" if score == 100 else "near"] += 1
        self.distances.append(Levenshtein.normalized_distance(proposal, real))

    def row(self, label: str) -> str:
        total = sum(self.words.values()) or 1
        shares = " | ".join(f"{100 * self.words[band] / total:.1f}" for band in BANDS)
        distance = f"{100 * sum(self.distances) / len(self.distances):.1f} %" if self.distances else "–"
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.kinds.items())) or "–"
        return f"| {label} | {sum(self.words.values())} | {shares} | {distance} | {kinds} |"


def header() -> str:
    return ("| hidden | words | " + " | ".join(f"{band} (% of words)" for band in BANDS)
            + " | edit distance to the real translation | proposals |\n|" + "---|" * (len(BANDS) + 4))


def unit_proposals(path: Path) -> dict[str, tuple[str, str | None, str | None]]:
    """Each unit of a catalog: its msgid, its proposal and the proposal's comment (None: no proposal)."""
    out = {}
    for message in read_po_file(path).messages:
        comment = next((c for c in message.extracted_comments if c.startswith("memory: ")), None)
        out[message.msgctxt or ""] = (message.msgid, message.msgstr or None, comment)
    return out


def leave_one_out(corpus: Path) -> str:
    repo = Repository.open(corpus)
    by_lang: dict[str, Tally] = defaultdict(Tally)
    every = Tally()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "repo"
        copy.mkdir()
        for name in ("polyglot.toml", "documents", "locales", "glossary", "memory"):
            if (corpus / name).exists():
                (shutil.copytree if (corpus / name).is_dir() else shutil.copy)(corpus / name, copy / name)
        for lang in repo.settings.target_languages:
            for doc_id in repo.documents.ids():
                hidden = copy / "locales" / lang / "LC_MESSAGES" / f"{doc_id}.po"
                real = {m.msgctxt: m.msgstr for m in read_po_file(hidden).messages if m.msgstr and not m.fuzzy}
                saved = hidden.read_bytes()
                hidden.unlink()
                Repository.open(copy).update([doc_id], [lang])
                for unit, (msgid, proposal, comment) in unit_proposals(hidden).items():
                    if unit in real:
                        by_lang[lang].add(msgid, proposal, comment, real[unit])
                        every.add(msgid, proposal, comment, real[unit])
                hidden.write_bytes(saved)
    rows = [by_lang[lang].row(lang) for lang in repo.settings.target_languages]
    return "\n".join([header(), *rows, every.row("all")])


def synthetic(documents: int, work: Path) -> str:
    sys.path.insert(0, str(HERE))
    from generate import pseudo_translation  # noqa: PLC0415 (bench/ is not a package)

    base = work / f"leverage-{documents}"
    shutil.rmtree(base, ignore_errors=True)
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(base), "--documents", str(documents)], check=True)
    repo = Repository.open(base)
    repo.update()
    before = {(lang, path.stem): {m.msgctxt for m in read_po_file(path).messages}
              for lang in repo.settings.target_languages
              for path in (base / "locales" / lang / "LC_MESSAGES").glob("*.po")}
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(base), "--revise"], check=True)
    repo = Repository.open(base)
    repo.update()
    by_lang: dict[str, Tally] = defaultdict(Tally)
    every = Tally()
    for (lang, doc_id), units in sorted(before.items()):
        if lang in ("ky", "tg"):
            continue  # nothing translated in them: no memory to measure
        path = base / "locales" / lang / "LC_MESSAGES" / f"{doc_id}.po"
        for unit, (msgid, proposal, comment) in unit_proposals(path).items():
            if unit not in units:  # inserted by the revision
                real = pseudo_translation(msgid, lang)
                by_lang[lang].add(msgid, proposal, comment, real)
                every.add(msgid, proposal, comment, real)
    rows = [by_lang[lang].row(lang) for lang in sorted(by_lang)]
    return "\n".join([header().replace("| hidden |", "| language |"), *rows, every.row("all")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="leave-one-out on this repository")
    parser.add_argument("--synthetic", type=int, metavar="N", help="a revision of the synthetic corpus of N documents")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    if args.corpus:
        print(leave_one_out(args.corpus.resolve()))
    if args.synthetic:
        print(synthetic(args.synthetic, args.work))


if __name__ == "__main__":
    main()
