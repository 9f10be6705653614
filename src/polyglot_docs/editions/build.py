"""The main job: the site (or the drafts) as a whole, every edition that passes the gate, and its indexes.

The output folder is a function of the repository: after a build it holds exactly the editions
the publishing gate lets through now, their indexes, and ``manifest.json``, besides any file the
tool never wrote. ``--doc``, ``--lang``, ``--langs`` and ``--format`` limit what is rendered,
never what the site lists. The site is built in a staging copy and swapped in whole (``site``).
Drafts (``--draft``) go to their own folder and never into the site.
"""

from __future__ import annotations

from pathlib import Path

from polyglot_docs.core.errors import PolyglotError
from polyglot_docs.editions.inputs import build_fingerprint
from polyglot_docs.editions.plan import Edition, Skipped, column_sets
from polyglot_docs.editions.render import SiteBuild
from polyglot_docs.editions.results import BuildOptions, BuildReport, Selection
from polyglot_docs.editions.site import MANIFEST, Staging, inside, sha256_file
from polyglot_docs.editions.store import EditionStore
from polyglot_docs.repository import Repository

__all__ = ["BuildOptions", "BuildReport", "build", "inside"]


def build(repo: Repository, options: BuildOptions) -> BuildReport:
    """Build the site (or, with ``draft``, the drafts); see the module's docstring."""
    settings = repo.settings
    output = (options.output or (settings.drafts if options.draft else settings.output_dir)).resolve()
    parallel, selection = _selection(repo, options)
    store = EditionStore(repo)
    fingerprint = build_fingerprint(repo, options, output)
    previous = store.last_build(fingerprint)
    if previous is not None and _site_digest(output) == previous.get("site") \
            and all((output / name).is_file() for name in previous["outputs"]):
        # Nothing that goes into any file of the site changed since the last build made it, and no
        # other build (another selection, --draft into the same folder) changed the site since.
        return BuildReport(output, [Edition(e[0], tuple(e[1]), e[2]) for e in previous["editions"]],
                           [Skipped(k[0], tuple(k[1]), k[2]) for k in previous["skipped"]])
    staging = Staging(output)
    job = SiteBuild(repo, store, options, output, staging.prepare(), parallel, selection)
    try:
        report = job.run()
    except BaseException:
        staging.discard()
        raise
    staging.swap()
    job.commit()
    if not report.errors:
        store.remember_build(fingerprint, {
            "outputs": sorted(job.files),
            "site": _site_digest(output),
            "editions": [[e.doc_id, list(e.langs), e.draft] for e in report.editions],
            "skipped": [[k.doc_id, list(k.langs), k.reason] for k in report.skipped],
        })
    store.flush()
    return report


def _site_digest(output: Path) -> str | None:
    """The digest of a site's manifest, which names every file of it with its content's digest."""
    manifest = output / MANIFEST
    return sha256_file(manifest) if manifest.is_file() else None


def _selection(repo: Repository, options: BuildOptions) -> tuple[list[tuple[str, ...]], Selection]:
    """The parallel editions of the site, and what this build renders, each option checked."""
    settings = repo.settings
    source, targets = settings.source_language, list(settings.target_languages)
    languages = [source, *targets]
    for lang in options.langs or []:
        if lang not in languages:
            raise PolyglotError(f"--lang {lang}: not a language of this repository ({', '.join(languages)})")
    parallel = column_sets(source, targets, settings.extra_columns, settings.left)
    wanted = None
    if options.column_sets:
        wanted = set()
        for langs in options.column_sets:
            unknown = [lang for lang in langs if lang not in languages]
            if unknown or len(set(langs)) != len(langs) or len(langs) < 2:
                raise PolyglotError(f"--langs {','.join(langs)}: give two or more different languages of this "
                                    f"repository ({', '.join(languages)})")
            match = [p for p in parallel if set(p) == set(langs)]
            if not match:
                raise PolyglotError(f"--langs {','.join(langs)}: not an edition of this repository; add it to "
                                    "[editions] columns in polyglot.toml")
            wanted.add(match[0])
    if options.doc_ids:
        repo.documents.select(options.doc_ids)  # refuses an unknown id
    return parallel, Selection(frozenset(options.doc_ids) if options.doc_ids else None,
                               frozenset(options.langs) if options.langs else None,
                               frozenset(wanted) if wanted is not None else None, options.formats)
