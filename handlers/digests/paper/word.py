"""The Board paper as a Word document (python-docx), optionally in the council's own
template: its styles, headers and footers are kept, its body text is replaced by the paper.

Only built-in style names are used (Title, Heading 1-3, List Bullet, Caption, Table Grid),
which every Word template carries; one a template lacks falls back to plain text."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from handlers.digests.chart import print_png, print_size_inches
from handlers.digests.paper.model import (
    Block,
    Bullets,
    Figure,
    Paper,
    Paragraph,
    Section,
    Table,
    Tone,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


class BadTemplate(ValueError):
    """A template that is not a Word document; the message says what would work."""


def _style(doc: DocxDocument, name: str) -> str | None:
    try:
        doc.styles[name]
    except KeyError:
        return None
    return name


def _new_document(template: bytes | None) -> DocxDocument:
    from docx import Document
    from docx.shared import Cm

    if template is None:
        doc = Document()
        for s in doc.sections:  # python-docx's own default is US Letter
            s.page_width, s.page_height = Cm(21), Cm(29.7)
            s.left_margin = s.right_margin = Cm(2)
            s.top_margin = s.bottom_margin = Cm(2)
        _page_numbers(doc)  # a council template has its own footer
        return doc
    try:
        doc = Document(io.BytesIO(template))
    except Exception as exc:  # python-docx raises several kinds for a file that is not .docx
        raise BadTemplate(
            f"The template is not a Word document (.docx) that can be read ({type(exc).__name__}). "
            "Save the council's template as a .docx and try again."
        ) from None
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):  # keep the page set-up, drop sample text
            body.remove(child)
    return doc


def _page_numbers(doc: DocxDocument) -> None:
    """ "Page N of M" in the footer, as Word fields (Word fills them in as it lays out)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for i, part in enumerate(("Page ", "PAGE", " of ", "NUMPAGES")):
        if i % 2 == 0:
            footer.add_run(part)
            continue
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), part)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        footer._p.append(field)


def _text_width_cm(doc: DocxDocument) -> float:
    s = doc.sections[-1]
    if s.page_width and s.left_margin is not None and s.right_margin is not None:
        return float((s.page_width - s.left_margin - s.right_margin) / 360000)
    return 17.0


def _para(
    doc: DocxDocument, text: str, style: str | None = None, *, tone: Tone = Tone.NORMAL
) -> Any:
    from docx.shared import Pt, RGBColor

    p = doc.add_paragraph(style=_style(doc, style) if style else None)
    run = p.add_run(text)
    if tone is Tone.NOTE:
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)
    elif tone is Tone.DRAFT:
        run.bold = True
    return p


def _heading(doc: DocxDocument, text: str, level: int, *, new_page: bool) -> None:
    name = _style(doc, f"Heading {level}")
    p = doc.add_paragraph(style=name)
    run = p.add_run(text)
    if name is None:
        run.bold = True
    p.paragraph_format.keep_with_next = True
    if new_page:
        p.paragraph_format.page_break_before = True


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _table(doc: DocxDocument, t: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    if not t.rows:
        _para(doc, t.empty)
        return
    caption = _para(doc, t.caption, "Caption")
    caption.paragraph_format.keep_with_next = True
    if _style(doc, "Caption") is None:
        caption.runs[0].bold = True
    table = doc.add_table(rows=len(t.rows) + 1, cols=len(t.columns))
    if grid := _style(doc, "Table Grid"):
        table.style = grid
    table.autofit = False
    width = _text_width_cm(doc)
    total = sum(c.width for c in t.columns)
    widths = [Cm(width * c.width / total) for c in t.columns]
    size = Pt(8) if t.small else Pt(9.5)
    rows = table.rows
    _repeat_header(rows[0])
    for i, row in enumerate(rows):
        values = (c.label for c in t.columns) if i == 0 else iter(t.rows[i - 1])
        strong = i == 0 or (i - 1) in t.strong_rows
        for cell, column, value, w in zip(row.cells, t.columns, values, widths, strict=True):
            cell.width = w
            p = cell.paragraphs[0]
            run = p.add_run(value)
            run.font.size = size
            run.bold = strong
            if column.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()


def _figure(doc: DocxDocument, f: Figure) -> None:
    from docx.shared import Inches

    caption = _para(doc, f.chart.title, "Caption")
    caption.paragraph_format.keep_with_next = True
    width, _ = print_size_inches(f.chart)
    doc.add_picture(io.BytesIO(print_png(f.chart)), width=Inches(min(width, 6.3)))
    picture = doc.inline_shapes[-1]
    picture._inline.docPr.set("descr", f.alt)  # the alt text Word shows and reads out
    picture._inline.docPr.set("title", f.chart.title)
    if f.note:
        _para(doc, f.note)
    _table(doc, f.table)


def _block(doc: DocxDocument, block: Block) -> None:
    match block:
        case Paragraph():
            _para(doc, block.text, tone=block.tone)
        case Bullets():
            style = "List Number" if block.numbered else "List Bullet"
            for item in block.items:
                _para(doc, item, style, tone=block.tone)
        case Table():
            _table(doc, block)
        case Figure():
            _figure(doc, block)


def _landscape(doc: DocxDocument, *, wide: bool) -> None:
    """A new Word section turned across the page (or back): wide tables get wide pages."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    before = doc.sections[-1]
    page = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = before.page_width, before.page_height
    if width is not None and height is not None and (width > height) != wide:
        page.page_width, page.page_height = height, width
    page.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT


def _section(doc: DocxDocument, s: Section, depth: int) -> None:
    if s.landscape:
        _landscape(doc, wide=True)
    elif doc.sections[-1].orientation != doc.sections[0].orientation:
        _landscape(doc, wide=False)
    _heading(doc, s.title, min(depth, 3), new_page=s.new_page and not s.landscape)
    for b in s.blocks:
        _block(doc, b)
    for sub in s.subsections:
        _section(doc, sub, depth + 1)


def paper_docx(paper: Paper, *, template: bytes | None = None) -> bytes:
    """CPU-bound (the charts, a long table): call it off the event loop."""
    doc = _new_document(template)
    doc.core_properties.title = paper.title
    doc.core_properties.subject = paper.period_label
    doc.core_properties.author = "wardbot"
    draft = not (paper.sign_off and paper.sign_off.current and not paper.draft)
    if draft:
        header = doc.sections[0].header
        marker = header.add_paragraph()
        marker.add_run("DRAFT — not yet approved").bold = True
    title = _para(doc, paper.title, "Title")
    if _style(doc, "Title") is None:
        title.runs[0].bold = True
    _para(doc, f"{paper.scope}. Generated {paper.generated:%d %B %Y %H:%M} by wardbot.")
    _para(doc, paper.status_line, tone=Tone.DRAFT)
    for s in paper.sections:
        _section(doc, s, 1)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
