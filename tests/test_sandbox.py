"""Repository templates are code anyone who can push may write: rendered in Jinja's sandbox (issue 13, §5)."""

from __future__ import annotations

from pathlib import Path

from conftest import RU, translate_units, write

PAYLOAD = "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}"


def prepared(repo: Path, cli) -> Path:
    cli("update", "--root", repo)
    translate_units(repo / "locales" / "ru" / "LC_MESSAGES" / "statement.po", RU)
    return repo


def test_house_css_is_plain_css_never_a_template(repo: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    prepared(repo, cli)
    write(repo / "templates" / "house.css",
          f"/* {PAYLOAD} */\n.masthead {{ color: #123456; }}\n</style><script>x</script>\n")
    cli("build", "--format", "html", "--root", repo)
    assert not (repo / "PWNED").exists()
    page = (repo / "build" / "en" / "statement.html").read_text(encoding="utf-8")
    assert PAYLOAD in page and ".masthead { color: #123456; }" in page  # as written, not run
    from lxml import html

    assert html.fromstring(page).xpath("//script") == [] and "<\\/style>" in page  # cannot close <style>


def test_a_template_escaping_the_sandbox_is_refused_in_one_line(repo: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    prepared(repo, cli)
    for escape in (PAYLOAD, "{{ ''.__class__.__mro__[1].__subclasses__() }}",
                   "{{ self._TemplateReference__context }}", "{{ lipsum.__globals__['os'].system('touch PWNED') }}"):
        write(repo / "templates" / "document.html.j2", escape + "\n")
        result = cli("build", "--format", "html", "--root", repo, expect=1)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.output, result.stderr
        assert "document.html.j2" in lines[0], lines[0]
        assert not (repo / "PWNED").exists()


def test_a_resource_weasyprint_refuses_to_fetch_is_one_line(repo: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    prepared(repo, cli)
    for address in ("file:///etc/passwd", "http://127.0.0.1:9/x.png"):
        css = f"body {{ background: url({address}) }}\n"
        write(repo / "templates" / "house.css", css)
        result = cli("build", "--format", "pdf", "--doc", "statement", "--lang", "ru", "--root", repo, expect=1)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and "editions fetch nothing" in lines[0] and "Traceback" not in result.output, \
            result.stderr
        assert "root:" not in result.output + result.stderr
