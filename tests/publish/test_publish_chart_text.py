"""The charts of the two-page summary are readable in print: every text at least 7 pt.

The summary sets its charts in a column of 87.5 mm (body 180 mm, gap 5 mm): 330 CSS px. An
SVG wider than that is scaled down to it (``max-width: 100%``), so the printed size of a text
of ``s`` px in an SVG ``w`` px wide is ``s · min(1, 330 / w) · 0.75`` pt.
"""

from __future__ import annotations

import re

import pytest
from handmade import make_results

from phare.publish import render_report_html, render_summary_html

COLUMN_PX = 87.5 / 25.4 * 96
MIN_PT = 7.0


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)


def _printed_sizes(svg: str, column_px: float) -> list[float]:
    width = float(re.search(r'<svg\b[^>]*\bwidth="([\d.]+)"', svg).group(1))
    scale = min(1.0, column_px / width)
    sizes = [float(s) for s in re.findall(r"font-size[=:]\s*\"?([\d.]+)px", svg)]
    return [s * scale * 0.75 for s in sizes]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_chart_text_of_the_summary_is_at_least_7_pt(lang: str) -> None:
    svgs = _svgs(render_summary_html(make_results(), "2026-01-01", lang))
    assert svgs, "the summary has no chart"
    for svg in svgs:
        sizes = _printed_sizes(svg, COLUMN_PX)
        assert sizes, "no text size found in a chart"
        assert min(sizes) >= MIN_PT, f"chart text at {min(sizes):.1f} pt"


def test_every_chart_text_of_the_report_is_at_least_7_pt() -> None:
    svgs = _svgs(render_report_html(make_results(), "2026-01-01"))
    assert svgs
    for svg in svgs:  # the report's column (180 mm) is wider than any chart
        assert min(_printed_sizes(svg, 180 / 25.4 * 96)) >= MIN_PT
