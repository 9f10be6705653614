"""The editors' dashboard, opened as HTML."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from lxml import html

from conftest import STATEMENT, translate_units, write
from polyglot_docs.editions.report import level, word_diff
from test_editions import vnu_jar


def test_word_diff() -> None:
    new = "The judgment enshrined the final defeat of Nazism."
    ops = word_diff("The judgment enshrined the defeat of Nazism.", new)
    assert [o for o in ops if o["op"] != "equal"] == [{"op": "insert", "text": "final "}]
    assert "".join(o["text"] for o in ops if o["op"] != "delete") == new
    assert level(100) == "complete" and level(80) == "high" and level(30) == "mid" and level(1) == "low"


def test_report(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    ru = repo / "locales" / "ru" / "LC_MESSAGES" / "statement.po"
    translate_units(ru, {"title": "Заявление министров иностранных дел",
                         "p1": "Призываем <em>мировое</em> сообщество.", "h1": "Приговор",
                         "p3": "См. <a1>приговор</a1> от <x1/>, пункт 3,6."})
    write(repo / "documents" / "statement.xml", STATEMENT.replace("respect the principles", "uphold the principles"))
    cli("update", "--root", repo)

    result = cli("report", "--root", repo)
    out = repo / "drafts" / "report"
    assert "report in drafts/report/index.html" in result.stderr
    index = html.parse(str(out / "index.html")).getroot()
    assert index.xpath("//script") == []
    header = [th.text_content() for th in index.xpath("//table[@class='matrix']/thead/tr/th")]
    assert [h.split("(")[-1][:2] for h in header[1:]] == ["ru", "hy", "kk"]
    cells = index.xpath("//table[@class='matrix']/tbody/tr/td")
    assert len(cells) == 3
    ru_cell = cells[0]
    assert "mid" in ru_cell.get("class") or "low" in ru_cell.get("class")
    text = ru_cell.text_content()
    assert "1 to review (source changed)" in text and "1 check error" in text and re.search(r"\d+ words left", text)
    assert "never translated" in text
    withheld = ru_cell.find(".//span[@class='detail withheld']").text_content()
    assert withheld.startswith("withheld: ") and "1 fuzzy (p1)" in withheld and "untranslated (" in withheld
    assert len(index.xpath("//figure[@class='chart']")) == 3
    # Documents by title, the id beneath; chart labels whole, however long.
    row = index.xpath("//table[@class='matrix']/tbody/tr/th")[0]
    assert row.text_content().startswith("Statement by the Ministers for Foreign Affairsstatement")
    labels = index.xpath("//span[@class='bar-label']/text()")
    assert labels == ["Statement by the Ministers for Foreign Affairs"] * 3
    for link in index.xpath("//a/@href"):
        assert (out / link).is_file(), link  # works from the file system

    review = html.parse(str(out / "ru" / "statement.html")).getroot()
    p1 = review.get_element_by_id("unit-p1")
    assert "state-fuzzy" in p1.get("class") and "to review: the source changed" in p1.text_content()
    assert [d.text for d in p1.iter("del")] == ["respect"] and [i.text for i in p1.iter("ins")] == ["uphold"]
    p3 = review.get_element_by_id("unit-p3")
    assert "numbers: number 3.5 of the source is missing" in p3.text_content()
    li1 = review.get_element_by_id("unit-li1")
    assert "state-untranslated" in li1.get("class") and "never translated" in li1.text_content()

    checked = subprocess.run(["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "gnu", str(out)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_report_tells_a_memory_proposal_apart(repo: Path, cli) -> None:
    cli("update", "--root", repo)
    translate_units(repo / "locales" / "ru" / "LC_MESSAGES" / "statement.po", {"org": "ОДКБ"})
    write(repo / "documents" / "second.xml", STATEMENT.replace('id="statement"', 'id="second"'))
    cli("update", "--root", repo)
    cli("report", "--root", repo)
    out = repo / "drafts" / "report"
    review = html.parse(str(out / "ru" / "second.html")).getroot()
    org = review.get_element_by_id("unit-org")
    assert "state-memory" in org.get("class")
    assert "memory proposal: to review" in org.text_content() and "100 % from statement#org" in org.text_content()
    index = html.parse(str(out / "index.html")).getroot()
    cells = index.xpath("//table[@class='matrix']/tbody/tr/td")
    assert any("1 memory proposal" in cell.text_content() for cell in cells)
    assert index.xpath("//span[contains(@class, 'segment-memory')]")
