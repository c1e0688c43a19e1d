"""phare.publish — renderers that read a wave's results (and nothing else).

Public API
----------
``write_report(results, out_dir, *, build_date, formats=FORMATS, langs=("fr",)) -> ReportFiles``
    The HTML report and the two-page summary (self-contained), their PDFs (WeasyPrint, A4,
    page numbers), the Excel workbook, the results JSON and the Vega-Lite specs; the documents
    in French and/or English (``langs`` among :data:`LANGS`; English files end in ``-en``).
``render_report_html(results, build_date, lang="fr")``,
``render_summary_html(results, build_date, lang="fr")``
``html_to_pdf(html, path)``, ``write_workbook(results, path, build_date, lang="fr")``
``bar_spec(results, rows)``, ``choropleth_spec(results, variable)``, ``chart_specs(results)``
    Vega-Lite v5 specifications with inline data; ``to_svg(spec)`` renders one with
    vl-convert (no network).

Every word of the documents comes from the catalogue :mod:`phare.publish.i18n` (French and
English) or from the results' ``*_fr``/``*_en`` fields. This package imports only
:mod:`phare.study.results`.
"""

from phare.publish.charts import bar_spec, choropleth_spec
from phare.publish.html import render_report_html, render_summary_html
from phare.publish.i18n import LANGS
from phare.publish.pdf import html_to_pdf
from phare.publish.report import FORMATS, ReportFiles, chart_specs, write_report
from phare.publish.svg import to_svg
from phare.publish.xlsx import write_workbook

__all__ = [
    "FORMATS",
    "LANGS",
    "ReportFiles",
    "bar_spec",
    "chart_specs",
    "choropleth_spec",
    "html_to_pdf",
    "render_report_html",
    "render_summary_html",
    "to_svg",
    "write_report",
    "write_workbook",
]
