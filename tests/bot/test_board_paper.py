"""The Board paper, made as an officer makes it: a quarter of 342 varied updates imported
with `wardbot import`, then `wardbot report` writing HTML, Word and PDF from the same
command; each file opened the way its reader would open it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.databases import PostgresDatabases, SqliteDatabases
from tests.support.quarter import QUIET_WARDS, write_quarter

pytestmark = pytest.mark.slow  # real processes: `make test-slow` (and .ci/run) runs these

QUARTER_UPDATES = 342
A4_POINTS = (595.28, 841.89)
AXE = Path(__file__).parents[1] / "browser" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BOARD_HEADINGS = (
    "Summary",
    "Activity by Board aim",
    "Board aims in ward plans, beside activity",
    "Gaps: priorities with no matched activity",
    "Ward by ward",
    "Evidence of impact",
    f"Appendix A: every update counted ({QUARTER_UPDATES})",
    "Appendix B: method and definitions",
)


def wardbot(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )


@dataclass(frozen=True)
class Quarter:
    folder: Path
    env: dict[str, str]
    outputs: dict[str, subprocess.CompletedProcess[str]]

    def file(self, fmt: str) -> Path:
        return self.folder / f"paper.{fmt}"


@pytest.fixture(scope="module")
def quarter(
    databases: SqliteDatabases | PostgresDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Quarter]:
    folder = tmp_path_factory.mktemp("paper")
    env = {**os.environ, "DATABASE_URL": databases.fresh()}
    imported = wardbot("import", str(write_quarter(folder / "q.csv")), env=env, cwd=folder)
    assert imported.returncode == 0, imported.stderr
    outputs = {
        fmt: wardbot("report", "--period", "2026-Q3", "--out", f"paper.{fmt}", env=env, cwd=folder)
        for fmt in ("html", "docx", "pdf")
    }
    yield Quarter(folder, env, outputs)


def test_one_command_writes_the_paper_as_html_word_and_pdf(quarter: Quarter) -> None:
    for fmt, done in quarter.outputs.items():
        assert done.returncode == 0, done.stderr
        assert f"{QUARTER_UPDATES} updates" in done.stdout
        assert f"paper.{fmt} ({fmt}, draft)" in done.stdout
        assert quarter.file(fmt).stat().st_size > 10_000


def test_the_word_paper_has_its_headings_tables_and_every_ward(quarter: Quarter) -> None:
    import docx
    from docx.shared import Mm

    doc = docx.Document(str(quarter.file("docx")))
    headings = [
        (p.style.name, p.text)
        for p in doc.paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Title"))
    ]
    top = [text for style, text in headings if style == "Heading 1"]
    assert top == list(BOARD_HEADINGS)
    # after the 4 aims, before the 3 parts of the evidence of impact
    wards = [text for style, text in headings if style == "Heading 2"][4:-3]
    assert len(wards) == 25 and wards == sorted(wards)
    assert set(QUIET_WARDS) <= set(wards)  # quiet wards have their section too
    assert abs(doc.sections[0].page_width - Mm(210)) < Mm(1)
    assert abs(doc.sections[0].page_height - Mm(297)) < Mm(1)

    tables = {t.rows[0].cells[0].text: t for t in doc.tables}
    headline = tables["Measure"]
    assert [c.text for c in headline.rows[0].cells] == [
        "Measure",
        "2026-Q3",
        "2026-Q2",
        "Change",
        "2025-Q3",
    ]
    assert headline.rows[1].cells[1].text == str(QUARTER_UPDATES)
    appendix = tables["Ref"]
    assert len(appendix.rows) == QUARTER_UPDATES + 1
    text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "culture_leisure_green_spaces" not in text  # labels, not keys
    assert "Culture, leisure, sport and green spaces" in text
    for ward in wards:
        assert ward in text or ward in QUIET_WARDS
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "DRAFT" in body and "key messages" in body.lower()
    assert "One update may count under several Board aims" in body
    assert (
        f"No updates were logged in {QUIET_WARDS[0]}, {QUIET_WARDS[1]} and {QUIET_WARDS[2]}."
        in body
    )
    # Every chart has alt text a screen reader reads out.
    pictures = doc.inline_shapes
    assert len(pictures) == 2
    for picture in pictures:
        assert picture._inline.docPr.get("descr", "").startswith("Bar chart of updates by")


def test_the_pdf_is_a4_with_numbered_pages(quarter: Quarter) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(quarter.file("pdf")))
    pages = len(reader.pages)
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == (595.3, 841.9)
    # 30 pages before, with a 12-column table running off the page; now the summary is
    # page 1 and the appendix is a third of its old length.
    assert 12 <= pages <= 30, pages
    first = reader.pages[0].extract_text()
    assert "Summary" in first and "Key messages" in first  # the one-page summary
    assert f"Page 1 of {pages}" in first
    texts = [page.extract_text() for page in reader.pages]
    assert all("DRAFT — not yet approved" in text for text in texts)  # on every page
    end = reader.pages[-2].extract_text() + reader.pages[-1].extract_text()
    assert "Appendix B: method and definitions" in end
    print(f"\nBoard paper for {QUARTER_UPDATES} updates: {pages} A4 pages")


def _browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


PROBE = """<script>%s</script><script>
window.addEventListener('load', async () => {
  const out = {width: window.innerWidth, scroll: document.documentElement.scrollWidth};
  out.wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .map(e => e.tagName + '.' + e.className).slice(0, 10);
  const found = await axe.run(document, {runOnly: {type: 'tag', values: %s}});
  out.violations = found.violations.map(v => ({id: v.id, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
  out.passes = found.passes.length;
  const pre = document.createElement('pre');
  pre.id = 'probe-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def test_the_html_paper_fits_a4_width_and_passes_wcag_22_aa_in_chromium(
    quarter: Quarter, tmp_path: Path
) -> None:
    browser = _browser()
    if browser is None or not AXE.is_file():
        print(
            "\n*** SKIPPED: headless Chromium or axe-core is missing "
            "(apt-get install -y chromium; npm install --prefix tests/browser) ***",
            file=sys.stderr,
        )
        pytest.skip("Chromium or axe-core not installed: see .ci/run")
    html = quarter.file("html").read_text(encoding="utf-8")
    probe = PROBE % (AXE.read_text(encoding="utf-8"), json.dumps(WCAG_22_AA))
    page = tmp_path / "probe.html"
    page.write_text(html.replace("</body>", probe + "</body>"), encoding="utf-8")
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            "--window-size=794,1123",  # A4 at 96 pixels to the inch
            "--virtual-time-budget=60000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    found = re.search(r'<pre id="probe-result">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    result = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert result["width"] == 794
    assert result["scroll"] <= result["width"], result  # no sideways scrolling
    assert result["wide"] == []
    assert result["violations"] == []
    assert result["passes"] > 10  # axe really ran its checks


def test_sign_off_is_recorded_carried_and_lost_when_the_figures_change(
    databases: SqliteDatabases | PostgresDatabases, tmp_path: Path
) -> None:
    env = {**os.environ, "DATABASE_URL": databases.fresh()}
    few = write_quarter(tmp_path / "few.csv", updates=30)
    assert wardbot("import", str(few), env=env, cwd=tmp_path).returncode == 0

    signed = wardbot(
        "report", "--period", "2026-Q3", "--sign-off", "Ann Officer", env=env, cwd=tmp_path
    )
    assert signed.returncode == 0, signed.stderr
    assert "Recorded: Ann Officer approved 2026-Q3 the whole borough: 30 updates" in signed.stdout

    final = wardbot("report", "--period", "2026-Q3", "--out", "final.html", env=env, cwd=tmp_path)
    assert final.returncode == 0, final.stderr
    html = (tmp_path / "final.html").read_text(encoding="utf-8")
    assert "Figures approved by Ann Officer on" in html
    assert "not yet approved" not in html

    wardbot("report", "--period", "2026-Q3", "--draft", "--out", "d.html", env=env, cwd=tmp_path)
    assert "DRAFT for the officer" in (tmp_path / "d.html").read_text(encoding="utf-8")

    # An update added afterwards changes the figures: the approval no longer holds.
    more = tmp_path / "more.csv"
    more.write_text(
        "date,ward,text\n2026-08-03,Sitwell,Litter pick at Herringthorpe Valley Park\n",
        encoding="utf-8",
    )
    assert wardbot("import", str(more), env=env, cwd=tmp_path).returncode == 0
    wardbot("report", "--period", "2026-Q3", "--out", "again.html", env=env, cwd=tmp_path)
    again = (tmp_path / "again.html").read_text(encoding="utf-8")
    assert "the figures have changed since Ann Officer approved them" in again

    audit = wardbot(
        "report", "--period", "2026-Q3", "--draft", "--sign-off", "X", env=env, cwd=tmp_path
    )
    assert audit.returncode == 2  # one or the other


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--out", "paper.txt"), "name the file .html, .docx or .pdf"),
        (("--out", "paper.docx", "--template", "missing.docx"), "can't read the template"),
        (("--out", "paper.pdf", "--template", "council.docx"), "goes with --format docx"),
        (("--out", "paper.docx", "--template", "council.docx"), "not a Word document"),
        (("--period", "2026-Q5", "--out", "paper.html"), "2026-Q3"),
        ((), "--out FILE"),
    ],
)
def test_bad_report_options_get_a_clear_answer_and_write_nothing(
    database_url: str, tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    (tmp_path / "council.docx").write_text("not really a Word file", encoding="utf-8")
    done = wardbot("report", *args, env={**os.environ, "DATABASE_URL": database_url}, cwd=tmp_path)
    assert done.returncode == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.glob("paper.*"))


def test_a_council_word_template_gives_its_styles_and_header(
    database_url: str, tmp_path: Path
) -> None:
    import docx
    from docx.shared import RGBColor

    template = docx.Document()
    template.styles["Heading 1"].font.name = "Council Sans"
    template.styles["Heading 1"].font.color.rgb = RGBColor(0x6F, 0x2C, 0x91)
    template.sections[0].header.paragraphs[0].text = "Rotherham Health and Wellbeing Board"
    template.add_paragraph("Sample text the template carries, replaced by the paper.")
    template.save(str(tmp_path / "council.docx"))

    done = wardbot(
        "report",
        "--period",
        "2026-Q3",
        "--template",
        "council.docx",
        "--out",
        "paper.docx",
        env={**os.environ, "DATABASE_URL": database_url},
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    paper = docx.Document(str(tmp_path / "paper.docx"))
    assert paper.styles["Heading 1"].font.name == "Council Sans"
    first = next(p for p in paper.paragraphs if p.style is not None and p.style.name == "Heading 1")
    assert first.text == "Summary"
    assert "Rotherham Health and Wellbeing Board" in paper.sections[0].header.paragraphs[0].text
    assert "Sample text" not in "\n".join(p.text for p in paper.paragraphs)
