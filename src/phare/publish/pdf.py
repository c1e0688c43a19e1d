"""PDF of the report and of the summary with WeasyPrint (A4, page numbers), reproducibly.

The creation and modification dates come from the HTML (``dcterms.created``/``modified``, set to
the build date), the PDF identifier is derived from the content, and the timestamps fontTools
writes into the embedded font subsets follow ``SOURCE_DATE_EPOCH`` (set to the build date while
the PDF is written), so the same results and build date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import threading
from pathlib import Path

_LOCK = threading.Lock()
_CREATED = re.compile(r'<meta name="dcterms.created" content="([0-9-]{10})')


def html_to_pdf(html: str, target: Path, build_date: str | None = None) -> Path:
    """Write ``html`` as a PDF at ``target`` and return the path.

    ``build_date`` (ISO date) defaults to the document's ``dcterms.created`` meta.
    """
    if build_date is None:
        found = _CREATED.search(html)
        build_date = found.group(1) if found else "1970-01-01"
    epoch = int(dt.datetime.fromisoformat(build_date[:10]).replace(tzinfo=dt.UTC).timestamp())
    # Imported here: WeasyPrint needs the system's Pango, which only the PDF output requires.
    import weasyprint

    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with _LOCK:
        previous = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        try:
            document = weasyprint.HTML(string=html, base_url=None).render()
            document.write_pdf(target, pdf_identifier=identifier)
        finally:
            if previous is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous
    return target
