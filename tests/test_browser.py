"""The HTML editions as a real browser lays them out (headless Chromium).

The parallel edition is read side by side: every pair of blocks must start on the
same line, the columns must share the width evenly, and nothing may run out of its
column or make the page scroll sideways, on a desktop screen or a phone.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree, html

from conftest import RU, STATEMENT, write
from polyglot_docs.editions.build import BuildOptions, build
from polyglot_docs.repository import Repository
from test_editions import DOC, fill, make_repo

BROWSERS = ("chromium-headless-shell", "chromium", "google-chrome")
LONG_URL = "https://en.odkb-csto.org/news/news_odkb/v-bishkeke-sostoyalas-mezhdunarodnaya-konferentsiya-po-bezopasnosti/"

# Measures the laid-out page and leaves the figures in the DOM, which --dump-dom prints.
MEASURE = """<script>
const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.right]; };
const report = {
  viewport: document.documentElement.clientWidth,
  scroll: document.documentElement.scrollWidth,
  rows: [...document.querySelectorAll('table.parallel-text tbody tr')].map(tr =>
    [...tr.querySelectorAll('td')].map(td => ({cell: box(td), block: box(td.firstElementChild),
                                              overflow: td.scrollWidth - td.clientWidth}))),
  blocks: [...document.querySelectorAll('main p, main h1, main h2')].map(e => e.scrollWidth - e.clientWidth),
};
const out = document.createElement('pre');
out.id = 'layout-report';
out.textContent = JSON.stringify(report);
document.body.appendChild(out);
</script>"""


def browser() -> str:
    for name in BROWSERS:
        if found := shutil.which(name):
            return found
    pytest.fail("no headless Chromium: run scripts/setup.sh --test (apt chromium-headless-shell)")


def layout(page: Path, width: int) -> dict:
    """The page laid out in a window ``width`` pixels wide, as the measuring script reports it."""
    measured = page.with_name(f"measured-{width}-{page.name}")  # beside the page: its styles resolve
    measured.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    result = subprocess.run([browser(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                             f"--window-size={width},900", "--dump-dom", measured.as_uri()],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    report = html.fromstring(result.stdout).get_element_by_id("layout-report")
    return json.loads(report.text_content())


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    # A long unbreakable token (a URL) is the usual way a column overflows.
    write(root / "documents" / f"{DOC}.xml",
          STATEMENT.replace("<list>", f'<p xml:id="p4">Source: {LONG_URL}</p>\n    <list>'))
    repo = make_repo(root)
    write(root / "documents" / f"{DOC}.xml",
          STATEMENT.replace("<list>", f'<p xml:id="p4">Source: {LONG_URL}</p>\n    <list>'))
    repo.update()
    fill(root, "ru", {**RU, "p4": f"Источник: {LONG_URL}"})
    settings = root / "polyglot.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + '\n[editions]\ncolumns = [["en", "ru", "kk"]]\n',
                        encoding="utf-8")
    repo = Repository.open(root)
    report = build(repo, BuildOptions(formats=("html", "pdf"), draft=True, langs=["ru"]))  # en-ru-kk too
    return report.output


def assert_aligned(report: dict, columns: int) -> None:
    assert report["rows"], "no parallel rows were laid out"
    for row in report["rows"]:
        assert len(row) == columns
        cells = [c["cell"] for c in row]
        blocks = [c["block"] for c in row]
        assert max(c[1] for c in cells) - min(c[1] for c in cells) < 1  # one row: one top
        assert max(b[1] for b in blocks) - min(b[1] for b in blocks) < 1  # paired blocks start level
        assert max(c[2] for c in cells) - min(c[2] for c in cells) <= 1  # columns share the width
        assert all(left[3] <= right[0] + 1 for left, right in itertools.pairwise(cells))  # side by side, in order
        assert all(c["overflow"] <= 0 for c in row), row  # nothing runs out of its column


@pytest.mark.parametrize("width", [1280, 390])
def test_parallel_columns_are_aligned_and_nothing_overflows(output: Path, width: int) -> None:
    report = layout(output / "en-ru" / f"{DOC}.html", width)
    assert_aligned(report, 2)
    assert report["scroll"] <= report["viewport"]  # no sideways scrolling


def test_three_columns_share_the_page(output: Path) -> None:
    report = layout(output / "en-ru-kk" / f"{DOC}.html", 1280)
    assert_aligned(report, 3)
    assert report["scroll"] <= report["viewport"]


@pytest.mark.parametrize("width", [1280, 390])
def test_monolingual_page_fits_the_screen(output: Path, width: int) -> None:
    report = layout(output / "ru" / f"{DOC}.html", width)
    assert report["scroll"] <= report["viewport"]
    assert all(overflow <= 0 for overflow in report["blocks"])


def test_pdf_words_stay_in_their_column(output: Path) -> None:
    # WeasyPrint's layout, read back by poppler: below the column headings (the page-wide furniture
    # is above them), no word crosses the column boundary or the page edge.
    columns = 2
    boxes = subprocess.run(["pdftotext", "-bbox", str(output / "en-ru" / f"{DOC}.pdf"), "-"],
                           capture_output=True, check=True).stdout
    tree = etree.fromstring(boxes, etree.XMLParser(resolve_entities=False, no_network=True))
    pages = tree.findall(".//{*}page")
    assert pages
    for page in pages:
        width = float(page.get("width"))
        heading = next(float(w.get("yMin")) for w in page.iterfind("{*}word") if w.text == "English")
        words = [(float(w.get("xMin")), float(w.get("xMax")), w.text) for w in page.iterfind("{*}word")
                 if float(w.get("yMin")) >= heading]
        # The text area spans from the first column's left edge to the last column's right edge,
        # which sits as far from the page's right edge (equal margins, equal columns).
        start = min(left for left, _, _ in words)
        column = (width - 2 * start) / columns
        bounds = [start + column * i for i in range(1, columns)]
        for left, right, text in words:
            assert right <= width - start + 1, text
            assert not any(left < bound < right for bound in bounds), (text, left, right)
    assert "bezopasnosti/" in boxes.decode()  # the long URL is there, wrapped
