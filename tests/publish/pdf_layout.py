"""Where a PDF's text runs off its pages: each character's box against the page's edges."""

from __future__ import annotations

from pathlib import Path

import pypdfium2


def off_page_text(path: Path, margin: float = 5.0) -> dict[int, str]:
    """Page number → the characters whose box comes within ``margin`` points of an edge or beyond.

    Uses the PDF's text layer (pypdfium2): a table or chart label wider than the page shows here
    as characters to the right of ``width - margin``.
    """
    pdf = pypdfium2.PdfDocument(path)
    off: dict[int, str] = {}
    for number, page in enumerate(pdf, start=1):
        width, height = page.get_size()
        text = page.get_textpage()
        chars = []
        for k in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(k)
            if right <= left:
                continue  # a line break or a space without a box
            if left < margin or right > width - margin or bottom < margin or top > height - margin:
                chars.append(text.get_text_range(k, 1))
        if chars:
            off[number] = "".join(chars)
    return off
