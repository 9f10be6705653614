"""Generate a synthetic polyglot-docs repository for benchmarks.

N documents of 8 to 20 paragraphs of official-sounding prose, some with inline
markup (emphasis, links, terms, protected symbols); six target languages whose
catalogs are 100 % (ru, kk), 70 % (hy, be) and 0 % (ky, tg) translated; and a
source revision touching 10 % of the paragraphs (edits, deletions, insertions).

    python bench/generate.py DIR --documents 1000 [--seed 1]
    python bench/generate.py DIR --revise      # apply the revision to DIR
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from xml.sax.saxutils import escape

from polyglot_docs.catalogs.po import read_po_file, write_po
from polyglot_docs.repository import Repository

LANGS = ["ru", "hy", "be", "kk", "ky", "tg"]
COMPLETE = {"ru": 1.0, "kk": 1.0, "hy": 0.7, "be": 0.7, "ky": 0.0, "tg": 0.0}
SUBJECTS = ["The Collective Security Council", "The Council of Foreign Ministers", "The Secretary General",
            "The Committee of Secretaries of Security Councils", "The Joint Staff", "The member states",
            "The Council of Defence Ministers", "The delegation of the Republic of Belarus", "The Secretariat"]
VERBS = ["reaffirmed", "discussed", "welcomed", "considered", "approved", "noted with satisfaction",
         "underlined the importance of", "called for", "reviewed the progress of"]
OBJECTS = ["the plan of joint activities for {year}", "cooperation in countering terrorism and extremism",
           "the results of the anti-drug operation", "the strengthening of collective security",
           "the draft statement on international security", "measures against illicit drug trafficking",
           "the training of the Collective Rapid Reaction Forces", "{n} proposals of the working group",
           "the budget of {money} thousand roubles", "the situation in the region of collective security"]
PLACES = ["Minsk", "Moscow", "Astana", "Bishkek", "Dushanbe", "Yerevan"]
CYRILLIC = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                         "абцдефгхийклмнопярстуввхызАБЦДЕФГХИЙКЛМНОПЯРСТУВВХЫЗ")
ARMENIAN = str.maketrans("abcdefghijklmnopqrstuvwxyz", "աբցդեֆգհիյկլմնոպքռստւվվխըզ")


def sentence(rng: random.Random) -> str:
    obj = rng.choice(OBJECTS).format(year=rng.randint(2015, 2025), n=rng.randint(2, 40),
                                     money=f"{rng.randint(1, 9)},{rng.randint(100, 999)}")
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {obj}."


def paragraph(rng: random.Random) -> str:
    text = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
    words = text.split(" ")
    if rng.random() < 0.25:  # inline markup in some paragraphs
        i = rng.randrange(len(words) - 2)
        kind = rng.choice(["em", "a", "term", "span"])
        inner = escape(" ".join(words[i:i + 2]))
        if kind == "a":
            element = f'<a href="https://example.org/doc/{rng.randint(1, 999)}">{inner}</a>'
        elif kind == "span":
            element = f'<span its:translate="no">CSTO/{rng.randint(1, 99)}/{rng.randint(2015, 2025)}</span>'
        else:
            element = f"<{kind}>{inner}</{kind}>"
        return escape(" ".join(words[:i])) + " " + element + " " + escape(" ".join(words[i + 2:]))
    return escape(text)


def pseudo_translation(msgid: str, lang: str) -> str:
    """Translation-shaped text: same markup and numbers, another alphabet, somewhat longer."""
    import re

    table = ARMENIAN if lang == "hy" else CYRILLIC
    parts = re.split(r"(<[^>]+>|&[a-z]+;|\d[\d.,]*)", msgid)
    out = "".join(p if p.startswith(("<", "&")) or p[:1].isdigit() else p.translate(table) for p in parts)
    if lang == "be":
        out = out.replace("и", "і").replace("И", "І")
    return out.replace(".", "։") if lang == "hy" else out


def document_xml(doc_id: str, date: dt.date, paragraphs: list[tuple[str, str]], title: str, place: str) -> str:
    body = "\n".join(f'    <p xml:id="{pid}">{text}</p>' for pid, text in paragraphs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<document xmlns:its="http://www.w3.org/2005/11/its" '
            f'its:version="2.0" id="{doc_id}" type="news" xml:lang="en" date="{date.isoformat()}">\n'
            f'  <meta>\n    <organisation xml:id="org">Collective Security Treaty Organization</organisation>\n'
            f'    <place xml:id="place">{place}</place>\n  </meta>\n  <title xml:id="title">{title}</title>\n'
            f"  <body>\n{body}\n  </body>\n</document>\n")


def generate(root: Path, documents: int, seed: int) -> None:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "polyglot.toml").write_text(
        '[repository]\nsource-language = "en"\ntarget-languages = ["ru", "hy", "be", "kk", "ky", "tg"]\n'
        'organisation = "Collective Security Treaty Organization"\n', encoding="utf-8")
    (root / "documents").mkdir(exist_ok=True)
    start = dt.date(2015, 1, 1)
    for i in range(documents):
        doc_id = f"{start + dt.timedelta(days=i):%Y-%m-%d}-item-{i:05d}"
        paragraphs = [(f"p{j}", paragraph(rng)) for j in range(1, rng.randint(8, 20) + 1)]
        (root / "documents" / f"{doc_id}.xml").write_text(
            document_xml(doc_id, start + dt.timedelta(days=i), paragraphs, escape(sentence(rng)[:-1]),
                         rng.choice(PLACES)), encoding="utf-8")
    repo = Repository.open(root)
    repo.update()
    for lang in LANGS:
        share = COMPLETE[lang]
        for path in sorted((root / "locales" / lang / "LC_MESSAGES").glob("*.po")):
            catalog = read_po_file(path)
            for message in catalog.messages:
                if share and (share >= 1 or rng.random() < share):
                    message.msgstr = pseudo_translation(message.msgid, lang)
            path.write_bytes(write_po(catalog))


def revise(root: Path, seed: int) -> None:
    """Edit 10 % of the paragraphs; delete and insert a few."""
    import re

    rng = random.Random(seed + 1)
    for path in sorted((root / "documents").glob("*.xml")):
        text = path.read_text(encoding="utf-8")
        paragraphs = re.findall(r'    <p xml:id="(p\d+)">(.*?)</p>\n', text)
        revised = []
        top = max(int(pid[1:]) for pid, _ in paragraphs)
        for pid, body in paragraphs:
            roll = rng.random()
            if roll < 0.07:
                revised.append((pid, body.replace(" the ", " all the ", 1) if " the " in body else body + " Revised."))
            elif roll < 0.09:
                continue  # deleted
            elif roll < 0.10:
                top += 1
                revised.append((pid, body))
                revised.append((f"p{top}", paragraph(rng)))
            else:
                revised.append((pid, body))
        body = "\n".join(f'    <p xml:id="{pid}">{b}</p>' for pid, b in revised)
        replacement = f"  <body>\n{body}\n  </body>"
        text = re.sub(r"  <body>\n.*\n  </body>", lambda _, new=replacement: new, text, flags=re.S)
        path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--revise", action="store_true")
    args = parser.parse_args()
    if args.revise:
        revise(args.root, args.seed)
    else:
        generate(args.root, args.documents, args.seed)


if __name__ == "__main__":
    main()
