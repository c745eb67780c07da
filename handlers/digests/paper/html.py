"""The Board paper as one self-contained HTML page: readable on screen, A4 in print.

The same page is the PDF (WeasyPrint reads its print CSS). Charts are embedded PNGs with
alt text and their numbers in a table beside them; no scripts, no outside files.
"""

from __future__ import annotations

import base64
import re
from html import escape

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

CSS = """
@page { size: A4; margin: 18mm 16mm 20mm;
  @bottom-left { content: string(paper-title); font: 8pt Arial, Helvetica, sans-serif; color: #505a5f; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
                  font: 8pt Arial, Helvetica, sans-serif; color: #505a5f; } }
@page :first { @bottom-left { content: none; } }
@page wide { size: A4 landscape; }
section.landscape { page: wide; }
html { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; line-height: 1.4; }
body { max-width: 178mm; margin: 1.5rem auto; padding: 0 4mm; font-size: 11pt; }
h1 { font-size: 20pt; margin: 0 0 .3rem; string-set: paper-title content(); }
h2 { font-size: 15pt; border-bottom: 2px solid #1d70b8; padding-bottom: .15rem; margin: 1.4rem 0 .5rem; }
h3 { font-size: 12.5pt; margin: 1rem 0 .3rem; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
p { margin: .3rem 0 .5rem; } ul, ol { margin: .3rem 0 .6rem; padding-left: 1.4rem; }
.meta { color: #505a5f; margin: 0; } .status { font-weight: bold; border-left: 5px solid #1d70b8;
  padding: .3rem .6rem; background: #f3f2f1; margin: .6rem 0 1rem; }
.status.draft { border-color: #d4351c; }
.note { color: #505a5f; font-size: 9.5pt; }
.draft-text { border-left: 5px solid #d4351c; padding-left: .6rem; }
p.draft-text { font-weight: bold; margin-bottom: 0; }
ul.draft-text { margin-top: 0; padding-left: 1.8rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .9rem; font-size: 9.5pt;
        table-layout: fixed; }
table.small { font-size: 7.5pt; line-height: 1.15; }
table.small th, table.small td { padding: 1px 3px; hyphens: manual; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; caption-side: top; }
th, td { border: 1px solid #b1b4b6; padding: .2rem .35rem; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; hyphens: auto; }
th { background: #f3f2f1; } tbody th { font-weight: normal; background: none; } .n { text-align: right; }
tr.strong td { font-weight: bold; background: #f8f8f8; }
thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }
figure { margin: .5rem 0 1rem; }
.chart { break-inside: avoid; page-break-inside: avoid; }
figure img { display: block; max-width: 100%; height: auto; }
figcaption { font-weight: bold; margin-bottom: .3rem; }
.new-page { break-before: page; page-break-before: always; }
section.ward h3 { margin-top: .7rem; }
a { color: #1d70b8; }
nav ol { columns: 2; font-size: 10pt; }
nav a { display: inline-block; min-height: 24px; line-height: 24px; }  /* WCAG 2.5.8 target size */
@media print { body { margin: 0; padding: 0; max-width: none; } a { color: inherit; } }
"""


_REF = re.compile(r"\[ref (\d+)\]")


def _text(text: str) -> str:
    """Escaped, with each "[ref N]" a link to update N's row in the appendix."""
    return _REF.sub(r'[<a href="#u\1">ref \1</a>]', escape(text))


DRAFT_CSS = """
@page { @top-right { content: "DRAFT — not yet approved"; color: #d4351c; font-weight: bold;
                     font: bold 9pt Arial, Helvetica, sans-serif; } }
"""


def _paragraph(p: Paragraph) -> str:
    css = {Tone.NOTE: ' class="note"', Tone.DRAFT: ' class="draft-text"'}.get(p.tone, "")
    return f"<p{css}>{_text(p.text)}</p>"


def _bullets(b: Bullets) -> str:
    tag = "ol" if b.numbered else "ul"
    css = {Tone.NOTE: ' class="note"', Tone.DRAFT: ' class="draft-text"'}.get(b.tone, "")
    items = "".join(f"<li>{_text(i)}</li>" for i in b.items)
    return f"<{tag}{css}>{items}</{tag}>"


def _table(t: Table) -> str:
    if not t.rows:
        return f"<p>{escape(t.empty)}</p>"
    total = sum(c.width for c in t.columns)
    cols = "".join(f'<col style="width:{100 * c.width / total:.1f}%">' for c in t.columns)
    head = "".join(
        f'<th scope="col"{" class=n" if c.numeric else ""}>{escape(c.label)}</th>'
        for c in t.columns
    )
    body = []
    for i, row in enumerate(t.rows):
        cells = []
        for j, (c, value) in enumerate(zip(t.columns, row, strict=True)):
            shown = escape(value)
            if j == 0 and i < len(t.links) and t.links[i]:
                shown = f'<a href="{escape(t.links[i])}">{shown}</a>'
            if j == 0 and not c.numeric:
                cells.append(f'<th scope="row">{shown}</th>')
            else:
                cells.append(f"<td{' class=n' if c.numeric else ''}>{shown}</td>")
        strong = ' class="strong"' if i in t.strong_rows else ""
        anchor = f' id="{escape(t.anchors[i])}"' if i < len(t.anchors) and t.anchors[i] else ""
        body.append(f"<tr{anchor}{strong}>{''.join(cells)}</tr>")
    css = ' class="small"' if t.small else ""
    return (
        f"<table{css}><caption>{escape(t.caption)}</caption><colgroup>{cols}</colgroup>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _figure(f: Figure) -> str:
    png = base64.b64encode(print_png(f.chart)).decode()
    width, height = print_size_inches(f.chart)
    note = f"<p>{escape(f.note)}</p>" if f.note else ""
    return (
        f'<figure><div class="chart"><figcaption>{escape(f.chart.title)}</figcaption>'
        f'<img src="data:image/png;base64,{png}" alt="{escape(f.alt)}" '
        f'style="width:{width:.2f}in" width="{round(width * 96)}" height="{round(height * 96)}">'
        f"</div>{note}{_table(f.table)}</figure>"
    )


def block_html(block: Block) -> str:
    match block:
        case Paragraph():
            return _paragraph(block)
        case Bullets():
            return _bullets(block)
        case Table():
            return _table(block)
        case Figure():
            return _figure(block)


def _section(s: Section, depth: int) -> str:
    level = min(depth + 1, 6)
    classes = ["new-page"] if s.new_page or s.landscape else []
    if s.landscape:
        classes.append("landscape")
    if s.key.startswith("ward-"):
        classes.append("ward")
    css = f' class="{" ".join(classes)}"' if classes else ""
    out = [
        f'<section id="{escape(s.key)}"{css} aria-labelledby="h-{escape(s.key)}">',
        f'<h{level} id="h-{escape(s.key)}">{escape(s.title)}</h{level}>',
    ]
    out += [block_html(b) for b in s.blocks]
    out += [_section(sub, depth + 1) for sub in s.subsections]
    out.append("</section>")
    return "\n".join(out)


def paper_html(paper: Paper) -> str:
    draft = not (paper.sign_off and paper.sign_off.current and not paper.draft)
    contents = "".join(
        f'<li><a href="#{escape(s.key)}">{escape(s.title)}</a></li>' for s in paper.sections
    )
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en-GB"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(paper.title)}</title><style>{CSS}{DRAFT_CSS if draft else ''}"
            "</style></head><body>",
            "<header>",
            f"<h1>{escape(paper.title)}</h1>",
            f'<p class="meta">{escape(paper.scope)}. Generated {paper.generated:%d %B %Y %H:%M}'
            " by wardbot.</p>",
            f'<p class="status{" draft" if draft else ""}" role="note">'
            f"{escape(paper.status_line)}</p>",
            "</header>",
            '<nav aria-label="Contents"><h2>Contents</h2>',
            f"<ol>{contents}</ol></nav>",
            "<main>",
            *(_section(s, 1) for s in paper.sections),
            "</main></body></html>",
        ]
    )
