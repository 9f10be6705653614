"""Benchmark polyglot-docs against the tools people would otherwise use, on the same content, in one run.

    python bench/run.py --sizes 200 1000 5000 --runs 3 --write docs/PERFORMANCE.md

For each size N it generates a repository (bench/generate.py: N documents, six target languages, catalogs
100 %, 70 % and 0 % translated) in a work folder, then measures every step in a fresh process: median wall
time over --runs and peak resident memory of the process. The other tools (GNU gettext, translate-toolkit,
itstool, Sphinx) run on the same documents and catalogs; the slowest of them run once per size (see
--tool-runs). Nothing is installed by this script: it needs gettext, itstool, sphinx and translate-toolkit
(`scripts/setup.sh --test`, then `apt-get install itstool` and `pip install sphinx`); a tool that is
missing fails its command, and its rows show no figure.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "CI": "1", "LC_ALL": "C.UTF-8"}


def measure(command: list[str] | str, cwd: Path, runs: int, before: object = None) -> tuple[float, float] | None:
    """Median wall seconds and peak memory (MB) of a command; ``before(i)`` prepares run i, untimed.

    None when the command failed (a tool not installed, say): its row then shows no figure rather
    than the time it took to fail."""
    return measure_alternating([(command, before)], cwd, runs)[0]


def measure_alternating(variants: list[tuple[list[str] | str, object]], cwd: Path, runs: int
                        ) -> list[tuple[float, float] | None]:
    """:func:`measure` for variants of one step, run in turn (A B A B …) rather than all runs of one
    first: a machine whose speed drifts during the runs then slows every variant alike."""
    times: list[list[float]] = [[] for _ in variants]
    peaks: list[list[float]] = [[] for _ in variants]
    failed: set[int] = set()
    for i in range(runs):
        for number, (command, before) in enumerate(variants):
            if callable(before):
                before(i)
            os.sync()  # what the preparation wrote is on disk before the clock starts, for every tool alike
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=cwd, env=ENV, shell=isinstance(command, str),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            times[number].append(time.perf_counter() - start)
            peaks[number].append(usage.ru_maxrss / 1024)
            if os.waitstatus_to_exitcode(status) != 0:
                print(f"bench: {command} failed (exit {os.waitstatus_to_exitcode(status)}) in {cwd}; "
                      "no figure for it", file=sys.stderr, flush=True)
                failed.add(number)
    return [None if number in failed else (statistics.median(t), max(p))
            for number, (t, p) in enumerate(zip(times, peaks, strict=True))]


def tool(*args: str) -> list[str]:
    return [PY, "-m", "polyglot_docs", *args]


def prepare(root: Path, documents: int) -> Path:
    base = root / f"n{documents}"
    if not (base / ".generated").exists():
        shutil.rmtree(base, ignore_errors=True)
        subprocess.run([PY, str(HERE / "generate.py"), str(base), "--documents", str(documents)], check=True, env=ENV)
        subprocess.run(tool("status"), cwd=base, env=ENV, check=True, stdout=subprocess.DEVNULL)
        (base / ".generated").touch()

    return base


def sphinx_project(base: Path) -> Path:
    """The same documents as a Sphinx project: one page per document, its title and paragraphs."""
    import re
    from html import unescape

    project = base.parent / f"{base.name}-sphinx"
    if project.exists():
        return project
    (project / "src").mkdir(parents=True)
    (project / "src" / "conf.py").write_text("project = 'bench'\nextensions = []\nlocale_dirs = ['locale']\n"
                                             "gettext_compact = False\n", encoding="utf-8")
    names = []
    for path in sorted((base / "documents").glob("*.xml")):
        text = path.read_text(encoding="utf-8")
        title = unescape(re.search(r'<title xml:id="title">(.*?)</title>', text).group(1))
        paragraphs = [unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r'<p xml:id="p\d+">(.*?)</p>', text)]
        (project / "src" / f"{path.stem}.rst").write_text(
            f"{title}\n{'=' * len(title)}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        names.append(path.stem)
    (project / "src" / "index.rst").write_text("Index\n=====\n\n.. toctree::\n   :maxdepth: 1\n\n" +
                                               "".join(f"   {n}\n" for n in names), encoding="utf-8")
    return project


def run_size(root: Path, documents: int, runs: int, tool_runs: int, others: bool,
             steps: list[str]) -> list[dict[str, object]]:
    base = prepare(root, documents)
    rows: list[dict[str, object]] = []

    def row(step: str, ours: tuple[float, float] | None, theirs: tuple[float, float] | None = None,
            other: str = "", unit: str = "") -> None:
        rows.append({"step": step, "ours": ours, "theirs": theirs, "other": other, "unit": unit})
        print(f"N={documents} {step}: ours={ours} {other}={theirs}", flush=True)

    def drop_cache(_: int) -> None:
        shutil.rmtree(base / ".polyglot-cache", ignore_errors=True)

    if steps == ["pdf"]:
        pdf_step(root, base, documents, runs, row)
        return rows
    if steps == ["update"]:
        update_step(root, base, documents, runs, tool_runs, others, row)
        return rows
    if steps == ["translate"]:
        translate_step(root, base, documents, runs, tool_runs, others, row)
        return rows
    if steps == ["tm"]:
        tm_step(root, base, documents, runs, tool_runs, others, row)
        return rows
    row("validate", measure(tool("validate"), base, runs))
    row("extract (cold cache)", measure(tool("extract"), base, runs, drop_cache),
        measure(f"itstool -o {root}/itstool.pot documents/*.xml", base, tool_runs) if others else None,
        "itstool extract, one call")
    status_cold = measure(tool("status", "--json"), base, runs, drop_cache)
    status_warm = measure(tool("status", "--json"), base, runs)
    msgfmt = None
    if others:
        script = "for f in locales/*/LC_MESSAGES/*.po; do msgfmt --statistics -o /dev/null $f 2>/dev/null; done"
        msgfmt = measure(script, base, tool_runs)
    row("status, cold cache", status_cold, msgfmt, "msgfmt --statistics, every catalog")
    row("status, warm cache", status_warm, msgfmt, "msgfmt --statistics, every catalog")
    row("status words", None, measure(["pocount", "locales"], base, tool_runs) if others else None,
        "pocount, whole tree")
    row("check, cold cache", measure(tool("check", "--json"), base, 1, drop_cache))
    row("check, warm cache", measure(tool("check", "--json"), base, runs))
    tm_step(root, base, documents, runs, tool_runs, others, row)

    update_step(root, base, documents, runs, tool_runs, others, row)
    translate_step(root, base, documents, runs, tool_runs, others, row)

    # HTML: every edition; then a no-op rebuild.
    output = root / f"n{documents}-html"

    def fresh_output(_: int) -> None:
        shutil.rmtree(output, ignore_errors=True)

    ours = measure(tool("build", "--format", "html", "-o", str(output)), base, runs, fresh_output)
    pages = len(list(output.rglob("*.html")))
    theirs = None
    if others:
        project = sphinx_project(base)
        out = project / "html"
        theirs = measure(["sphinx-build", "-q", "-b", "html", "-D", "language=ru", "src", str(out)], project,
                         tool_runs, lambda _: shutil.rmtree(out, ignore_errors=True))
        theirs_pages = len([p for p in out.glob("*.html") if p.name not in ("genindex.html", "search.html")])
        row("HTML build, seconds per page", (ours[0] / pages, ours[1]) if ours else None,
            (theirs[0] / theirs_pages, theirs[1]) if theirs else None,
            f"Sphinx HTML, -D language=ru ({theirs_pages} pages)",
            unit=f"per page ({pages} pages)")
        gettext_out = project / "gettext"
        row("message extraction for translators", None,
            measure(["sphinx-build", "-q", "-b", "gettext", "src", str(gettext_out)], project, tool_runs,
                    lambda _: shutil.rmtree(gettext_out, ignore_errors=True)), "Sphinx gettext builder")
    row("HTML build, every edition", ours, unit=f"{pages} pages")
    row("no-op rebuild", measure(tool("build", "--format", "html", "-o", str(output)), base, runs))

    pdf_step(root, base, documents, runs, row)
    return rows


def update_step(root: Path, base: Path, documents: int, runs: int, tool_runs: int, others: bool,
                row: Callable[..., None]) -> None:
    """``update`` after a revision of the documents, against itstool and ``msgmerge --update``.

    Both sides write the catalogs they change: ``msgmerge --update`` rewrites a catalog in place
    when its content changed, as ``update`` does (atomically).
    """
    # A repository's catalogs are as its last update wrote them, and the cache as that update left it
    # (the generator writes the catalogs directly, and earlier steps drop the cache).
    subprocess.run(tool("update"), cwd=base, env=ENV, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    # The revision: 10 % of the paragraphs edited, some deleted, some inserted.
    revised = root / f"n{documents}-revised"

    def fresh_revision(cold: bool, memory: bool = True) -> Callable[[int], None]:
        def prepare_run(_: int) -> None:
            shutil.rmtree(revised, ignore_errors=True)
            shutil.copytree(base, revised, symlinks=True)
            subprocess.run([PY, str(HERE / "generate.py"), str(revised), "--revise"], check=True, env=ENV)
            if cold:
                shutil.rmtree(revised / ".polyglot-cache", ignore_errors=True)
            if not memory:
                with (revised / "polyglot.toml").open("a", encoding="utf-8") as settings:
                    settings.write("\n[memory]\nproposals = false\n")
        return prepare_run

    # The memory's proposals (exact paragraphs, sentences, near matches) against none at all, in turn.
    ours, without_memory = measure_alternating([(tool("update"), fresh_revision(False)),
                                                (tool("update"), fresh_revision(False, memory=False))],
                                               revised, runs)
    row("update after the revision, memory proposals on", ours, without_memory, "the same, proposals off")
    ours_cold = measure(tool("update"), revised, runs, fresh_revision(True))
    per_document = one_call = None
    if others:
        # The gettext pipeline that makes the same files: a template per document (itstool), then
        # msgmerge --update on every catalog against its document's template (ours, so that both
        # merge against the same messages).
        merge = ("for f in locales/*/LC_MESSAGES/*.po; do d=$(basename $f .po); "
                 "msgmerge --update --backup=none --previous -q $f locales/templates/$d.pot; done")

        def templates_ready(_: int) -> None:
            fresh_revision(False)(0)
            subprocess.run(tool("extract"), cwd=revised, env=ENV, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)

        per_document = measure(f"mkdir -p {root}/its && for f in documents/*.xml; do itstool -o {root}/its/"
                               f"$(basename $f .xml).pot $f; done && {merge}", revised, tool_runs, templates_ready)
        # A lower bound: one itstool call for all documents (one template, which per-document catalogs
        # could not use without splitting it).
        one_call = measure(f"itstool -o {root}/itstool.pot documents/*.xml && {merge}", revised, tool_runs,
                           templates_ready)
    for label, timing in (("update after the revision", ours), ("update after the revision, cold cache", ours_cold)):
        row(label, timing, per_document, "itstool per document + msgmerge --update --previous, every catalog")
        row(label, timing, one_call, "itstool in one call + msgmerge --update --previous, every catalog")


def translate_step(root: Path, base: Path, documents: int, runs: int, tool_runs: int, others: bool,
                   row: Callable[..., None]) -> None:
    """Translated XML of every document in Russian, against itstool merging a catalog back.

    itstool needs catalogs in its own message format, so they are made by itstool (one template per
    document, every message "translated" by msgen, compiled by msgfmt), untimed.
    """
    out = root / f"n{documents}-translated"
    ours = measure(tool("translate", "--lang", "ru", "-o", str(out)), base, runs,
                   lambda _: shutil.rmtree(out, ignore_errors=True))
    theirs = None
    if others:
        its = root / f"n{documents}-itstool"
        if not (its / ".ready").exists():
            shutil.rmtree(its, ignore_errors=True)
            its.mkdir(parents=True)
            subprocess.run(f"for f in documents/*.xml; do d=$(basename $f .xml); itstool -o {its}/$d.pot $f && "
                           f"msgen {its}/$d.pot | msgfmt -o {its}/$d.mo -; done", shell=True, cwd=base, check=True,
                           env=ENV)
            (its / ".ready").touch()
        theirs = measure(f"mkdir -p {its}/out && for f in documents/*.xml; do d=$(basename $f .xml); "
                         f"itstool -m {its}/$d.mo -o {its}/out/ $f; done", base, tool_runs)
    row("translated XML, every document in one language", ours, theirs,
        "itstool -m (merge a compiled catalog back), every document")


def tm_step(root: Path, base: Path, documents: int, runs: int, tool_runs: int, others: bool,
            row: Callable[..., None]) -> None:
    """``tm export``: every translated unit in every language, one TMX file, against translate-toolkit's po2tmx.

    po2tmx writes one language pair per file, so it runs once per language over that language's catalogs.
    """
    ours = measure(tool("tm", "export", "-o", str(root / f"n{documents}.tmx")), base, runs)
    theirs = None
    if others:
        theirs = measure(" && ".join(f"po2tmx --progress=none -l {lang} -i locales/{lang}/LC_MESSAGES "
                                     f"-o {root}/po2tmx-{lang}.tmx" for lang in ("ru", "hy", "be", "kk", "ky", "tg")),
                         base, tool_runs, lambda _: [p.unlink() for p in root.glob("po2tmx-*.tmx")])
    row("tm export (TMX 1.4b, six languages in one file)", ours, theirs, "po2tmx, one call per language")


def pdf_step(root: Path, base: Path, documents: int, runs: int, row: Callable[..., None]) -> None:
    """PDFs of a sample, on every core, against WeasyPrint rendering the same HTML directly."""
    sample = sorted(p.stem for p in (base / "documents").glob("*.xml"))[:20]
    pdf_out = root / f"n{documents}-pdf"
    docs = [a for doc in sample for a in ("--doc", doc)]
    jobs = str(os.cpu_count() or 1)
    ours = measure(tool("build", *docs, "--langs", "en,ru", "--format", "pdf", "-j", jobs, "-o", str(pdf_out)),
                   base, runs, lambda _: shutil.rmtree(pdf_out, ignore_errors=True))
    direct = root / "weasyprint-direct.py"
    direct.write_text(WEASYPRINT_DIRECT, encoding="utf-8")
    shutil.rmtree(root / "direct", ignore_errors=True)
    subprocess.run([PY, str(direct), "prepare", str(base), str(root / "direct"), *sample], check=True, env=ENV)
    theirs = measure([PY, str(direct), "render", str(root / "direct"), jobs], base, runs)
    row("PDFs of 20 documents (en, ru, en–ru: 60 PDFs), all cores", ours, theirs,
        "WeasyPrint on the same HTML, same cores")


WEASYPRINT_DIRECT = '''
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

def render(item):
    import weasyprint
    html, css, pdf = item
    weasyprint.HTML(filename=str(html)).write_pdf(pdf, stylesheets=[weasyprint.CSS(filename=str(css))])

if sys.argv[1] == "prepare":
    from polyglot_docs.editions.links import edition_links
    from polyglot_docs.editions.translate import translate
    from polyglot_docs.editions.plan import Edition
    from polyglot_docs.editions.html import EditionInput, edition_context, environment, render_template
    from polyglot_docs.repository import Repository
    repo = Repository.open(Path(sys.argv[2]))
    folder = Path(sys.argv[3]); folder.mkdir(parents=True, exist_ok=True)
    env = environment(repo.settings.templates_dir)
    for doc_id in sys.argv[4:]:
        document = repo.documents.load(doc_id)
        trees = {"en": document.tree, "ru": translate(repo, doc_id, "ru").tree}
        built = {doc_id: [("en",), ("ru",), ("en", "ru")]}
        for langs in built[doc_id]:  # the same editions polyglot-docs builds for these documents
            edition = Edition(doc_id, langs)
            context = edition_context(edition, EditionInput(document, trees), source_lang="en",
                                      links=edition_links(edition, built, "en", ("pdf",)))
            name = f"{doc_id}.{'-'.join(langs)}"
            page = "parallel.html.j2" if len(langs) > 1 else "document.html.j2"
            (folder / f"{name}.html").write_text(render_template(env, page, context), encoding="utf-8")
            (folder / f"{name}.css").write_text(render_template(env, "print.css.j2", context), encoding="utf-8")
else:
    folder = Path(sys.argv[2])
    items = [(h, h.with_suffix(".css"), h.with_suffix(".pdf")) for h in sorted(folder.glob("*.html"))]
    with ProcessPoolExecutor(int(sys.argv[3])) as pool:
        list(pool.map(render, items))
'''


def version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, env=ENV).stdout.strip().splitlines()
        return out[0] if out else "?"
    except OSError:
        return "not installed"


def toolkit_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("translate-toolkit")
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def report(results: dict[int, list[dict[str, object]]], runs: int, tool_runs: int, command: str) -> str:
    import weasyprint

    import polyglot_docs

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [
        "# Performance",
        "",
        "Measured by `bench/run.py`, which generates the repositories and runs every tool on the same content in",
        "one run. Reproduce with:",
        "",
        f"    {command}",
        "",
        f"- Machine: {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.platform()}",
        f"- polyglot-docs {polyglot_docs.__version__}, Python {platform.python_version()}, "
        f"WeasyPrint {weasyprint.__version__}",
        f"- {version(['msgmerge', '--version'])}; {version(['itstool', '--version'])}; "
        f"{version(['sphinx-build', '--version'])}; translate-toolkit "
        f"{toolkit_version()}",
        f"- Median of {runs} runs per step for polyglot-docs, {tool_runs} for the other tools; peak memory is the "
        "largest resident set of the step's process. Each step runs in a fresh process, so Python's start-up "
        "(about 0.3 s) is included. \"Cold cache\" deletes `.polyglot-cache/` first.",
        "",
    ]
    for documents, rows in results.items():
        lines += [f"## N = {documents} documents (six target languages, {documents * 6} catalogs)", "",
                  "| step | polyglot-docs | peak MB | other tool | theirs | ratio |", "|---|---|---|---|---|---|"]
        for r in rows:
            ours, theirs = r["ours"], r["theirs"]
            per_page = r["unit"].startswith("per page") if r["unit"] else False
            fmt = (lambda s: f"{s * 1000:.1f} ms") if per_page else (lambda s: f"{s:.2f} s")
            ours_text = f"{fmt(ours[0])}" if ours else "–"
            if r["unit"] and not per_page:
                ours_text += f" ({r['unit']})"
            if per_page:
                ours_text += f" {r['unit']}"
            peak = f"{ours[1]:.0f}" if ours else "–"
            theirs_text = fmt(theirs[0]) if theirs else "–"
            ratio = ""
            if ours and theirs:
                factor = theirs[0] / ours[0]
                slower = f"{factor:.2f}× ({(1 / factor - 1) * 100:.0f} % slower)"
                ratio = f"{factor:.1f}× faster" if factor >= 1 else slower
            lines.append(f"| {r['step']} | {ours_text} | {peak} | {r['other'] or '–'} | {theirs_text} | {ratio} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tool-runs", type=int, default=1)
    parser.add_argument("--others-up-to", type=int, default=1000,
                        help="run the other tools only for sizes up to this (they take minutes beyond)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/polyglot-bench"))
    parser.add_argument("--steps", nargs="+", default=["all"], choices=["all", "pdf", "update", "translate", "tm"],
                        help="all steps, or only the PDF, update, translated-XML or TMX comparison")
    parser.add_argument("--write", type=Path, help="write the report here (Markdown)")
    parser.add_argument("--append-notes", type=Path, help="Markdown appended to the report")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = {n: run_size(args.work, n, args.runs, args.tool_runs, n <= args.others_up_to, args.steps)
               for n in args.sizes}
    command = "python bench/run.py " + " ".join(sys.argv[1:])
    text = report(results, args.runs, args.tool_runs, command)
    if args.append_notes:
        text += "\n" + args.append_notes.read_text(encoding="utf-8")
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
