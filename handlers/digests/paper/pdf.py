"""The Board paper as PDF: the HTML page laid out on A4 by WeasyPrint from its print CSS."""

from __future__ import annotations

import logging

from handlers.digests.paper.html import paper_html
from handlers.digests.paper.model import Paper


def paper_pdf(paper: Paper) -> bytes:
    """CPU-bound (seconds for a quarter): call it off the event loop."""
    # A line per layout step and font subset, some while importing (its own stylesheets).
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    import weasyprint  # a second to import: only when a PDF is asked for

    # Tagged PDF: headings, tables and the charts' alt text reach a screen reader.
    pdf: bytes = weasyprint.HTML(string=paper_html(paper)).write_pdf(pdf_tags=True)
    return pdf
