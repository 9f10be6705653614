"""Two independent oracles over a real built site (issue 12, section 6).

Our own link test (tests/test_site.py ``check_site``) reads links the way we think they work; here a
well-kept link checker (LinkChecker, PyPI) and a well-kept accessibility engine (axe-core, npm, run in
the headless Chromium the layout tests drive) judge the same kind of site without sharing our
assumptions. The site is built by the command line, as a press office builds it: the published site
in build/ and, after a source correction, the reviewers' drafts in drafts/.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
from lxml import html

from test_browser import browser
from test_site import make, run

TOOLS = Path(__file__).resolve().parents[1] / ".tools"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SITE_SETTINGS = """
[site]
base-url = "https://example.org/docs/"

[editions]
columns = [["en", "ru", "kk"]]
"""
# Runs axe once the page has loaded and leaves the results in the DOM, which --dump-dom prints. The
# report goes in after the run, so axe never judges it; axe.run is asynchronous, so Chromium is given
# virtual time to finish it before dumping (see ``audit``).
AXE_RUN = """<script>
axe.run(document, {runOnly: {type: 'tag', values: AXE_TAGS}, resultTypes: ['violations']})
  .then(r => ({violations: r.violations, passes: r.passes.length, version: r.testEngine.version}),
        e => ({error: String(e)}))
  .then(report => {
    const out = document.createElement('pre');
    out.id = 'axe-report';
    out.textContent = JSON.stringify(report);
    document.documentElement.appendChild(out);
  });
</script>""".replace("AXE_TAGS", json.dumps(AXE_TAGS))


@pytest.fixture(scope="module")
def sites() -> Iterator[Path]:
    """A repository with a published site in build/ and reviewers' drafts in drafts/.

    LinkChecker, run as root (as CI runs), drops privileges to ``nobody`` before reading anything,
    so the site must be readable by others: pytest's own temporary folders are private to their user
    (/tmp/pytest-of-root is 0700), hence a folder of our own, and a umask that lets the build's files
    be read (the build creates them with 0666 & ~umask, as a web server would need them too).
    """
    root = Path(tempfile.mkdtemp(prefix="polyglot-oracles-"))
    try:
        root.chmod(0o755)
        build_sites(root)
        yield root
    finally:
        shutil.rmtree(root)


def build_sites(root: Path) -> None:
    umask = os.umask(0o022)
    try:
        make(root)
        settings = root / "polyglot.toml"
        settings.write_text(settings.read_text(encoding="utf-8") + SITE_SETTINGS, encoding="utf-8")
        run(root, "build", "--format", "html")
        # An editor corrects a paragraph; its translations turn fuzzy and the drafts show them under
        # review with the change to the source, which is the page with the most markup of its own.
        document = root / "documents" / "second.xml"
        document.write_text(document.read_text(encoding="utf-8").replace("respect the principles",
                                                                         "uphold the principles"), encoding="utf-8")
        run(root, "update")
        run(root, "build", "--draft", "--format", "html")
    finally:
        os.umask(umask)
    for folder in ("build", "drafts"):
        assert (root / folder / "sitemap.xml").is_file() and (root / folder / "en" / "feed.xml").is_file()
    assert "review-label" in (root / "drafts" / "en-ru" / "second.html").read_text(encoding="utf-8")


# --- LinkChecker -----------------------------------------------------------------------------------

def linkchecker() -> list[str]:
    # Run as a module of this interpreter: a `linkchecker` script on PATH may belong to another Python.
    if importlib.util.find_spec("linkcheck") is None:
        pytest.fail("LinkChecker is not installed: run scripts/setup.sh --test (PyPI LinkChecker, the test extra)")
    return [sys.executable, "-m", "linkcheck"]


@pytest.mark.parametrize("folder", ["build", "drafts"])
def test_linkchecker_finds_no_broken_link(sites: Path, folder: str) -> None:
    site = sites / folder
    # An explicit configuration file, so that no user's linkcheckerrc changes the run; AnchorCheck
    # makes a link to a missing #fragment an error-worthy warning too.
    config = sites / "linkcheckerrc"
    config.write_text("[AnchorCheck]\n", encoding="utf-8")
    config.chmod(0o644)
    result = subprocess.run(
        [*linkchecker(), "--config", str(config), "--no-status", "--recursion-level", "-1",
         # Every URL that is not a file of the site is checked for syntax only: the test never touches
         # the network (the sample documents link to example.org; the feeds' ids are the base URL).
         "--ignore-url", "^(?!file:)",
         "--verbose", "--output", "csv/utf-8", str(site / "index.html")],
        capture_output=True, text=True, timeout=300)
    rows = list(csv.DictReader((line for line in result.stdout.splitlines() if not line.startswith("#")),
                               delimiter=";"))
    bad = [f"{r['parentname']}:{r['line']}: {r['urlname']}: {r['result']} {r['warningstring']}".strip()
           for r in rows if r["valid"] != "True" or r["warningstring"]]
    # Warnings are left on (no --no-warnings): LinkChecker exits 1 on a warning too, and its warnings
    # on a static site (a missing anchor, whitespace in a URL) are defects a reader would meet.
    assert result.returncode == 0 and not bad, "\n".join(bad) or result.stderr[-2000:]

    # The checker went everywhere: every page and feed of the site is reachable from its front page.
    # sitemap.xml is for crawlers and is linked from no page; manifest.json is for deployments.
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    pages = {site / path for path in manifest["files"] if path.endswith((".html", ".xml")) and path != "sitemap.xml"}
    visited = {Path(url2pathname(urlparse(r["url"]).path)) for r in rows if r["url"].startswith("file:")}
    assert pages - visited == set(), sorted(str(p.relative_to(site)) for p in pages - visited)


# --- axe-core ----------------------------------------------------------------------------------------

def axe_js() -> Path:
    installed = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
    for candidate in (os.environ.get("AXE_CORE_JS"), installed):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    pytest.fail("axe-core is not installed: run scripts/setup.sh --test (npm axe-core in .tools/)")


def audit(page: Path) -> dict[str, object]:
    """axe-core's report on ``page`` as headless Chromium lays it out in a desktop window."""
    # The copy sits beside the page so that its relative links resolve as the original's; its name
    # starts with a dot so that nothing else (the manifest check, LinkChecker) takes it for the site's.
    audited = page.with_name(f".axe-{page.name}")
    inject = f'<script src="{axe_js().as_uri()}"></script>{AXE_RUN}</body>'
    audited.write_text(page.read_text(encoding="utf-8").replace("</body>", inject), encoding="utf-8")
    try:
        # Virtual time runs as fast as the page lets it: --dump-dom waits until the budget is spent,
        # which is when axe's asynchronous run has long finished, without a wall-clock sleep.
        result = subprocess.run([browser(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                 "--window-size=1280,900", "--virtual-time-budget=60000",
                                 "--dump-dom", audited.as_uri()],
                                capture_output=True, text=True, timeout=180)
    finally:
        audited.unlink()
    assert result.returncode == 0, result.stderr[-2000:]
    found = html.fromstring(result.stdout).xpath("//*[@id='axe-report']")
    assert found, f"axe-core did not report on {page} (not loaded, or not finished in the time budget)"
    report: dict[str, object] = json.loads(found[0].text_content())
    assert "error" not in report, report
    return report


def describe(violations: list[dict[str, object]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:  # type: ignore[attr-defined]
            summary = " / ".join(str(node.get("failureSummary", "")).splitlines()[1:])
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("page", [
    "build/index.html",  # the front page: the index in the source language
    "build/ru/index.html",  # a language index
    "build/ru/statement.html",  # a monolingual edition
    "build/en-ru/statement.html",  # a parallel edition: one table, a header cell per language
    "drafts/en-ru/second.html",  # a draft parallel edition: translations under review, the source change
    "drafts/en-ru-kk/statement.html",  # three columns, untranslated kk units shown in English, marked
    "drafts/kk/statement.html",  # a monolingual draft made mostly of marked fallbacks
])
def test_axe_finds_no_wcag_21_a_or_aa_violation(sites: Path, page: str) -> None:
    report = audit(sites / page)
    violations: list[dict[str, object]] = report["violations"]  # type: ignore[assignment]
    assert report["passes"], "axe-core ran no check that passed: the page was not audited"
    assert not violations, f"{page}, axe-core {report['version']}:\n{describe(violations)}"
