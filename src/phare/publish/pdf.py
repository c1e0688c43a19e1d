"""PDF of the report and of the summary with WeasyPrint (A4, page numbers), reproducibly.

The creation and modification dates come from the HTML (``dcterms.created``/``modified``,
set to the build date) and the PDF identifier is derived from the content, so the same
results and build date give the same bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import weasyprint


def html_to_pdf(html: str, target: Path) -> Path:
    """Write ``html`` as a PDF at ``target`` and return the path."""
    document = weasyprint.HTML(string=html, base_url=None).render()
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document.write_pdf(target, pdf_identifier=identifier)
    return target
