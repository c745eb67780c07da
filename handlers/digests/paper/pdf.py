"""The Board paper as PDF: the HTML page laid out on A4 by WeasyPrint from its print CSS."""

from __future__ import annotations

import logging

from handlers.digests.paper.html import paper_html
from handlers.digests.paper.model import Paper


def paper_pdf(paper: Paper) -> bytes:
    """CPU-bound (seconds for a quarter): call it off the event loop."""
    import weasyprint  # a second to import: only when a PDF is asked for

    for noisy in ("weasyprint", "fontTools"):  # a line per layout step and font subset
        logging.getLogger(noisy).setLevel(logging.WARNING)

    # Tagged PDF: headings, tables and the charts' alt text reach a screen reader.
    pdf: bytes = weasyprint.HTML(string=paper_html(paper)).write_pdf(pdf_tags=True)
    return pdf
