"""Renderers on a small handmade results object: self-contained HTML, inline data, XLSX, bytes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pypdfium2
import pytest
from handmade import make_results

from phare.frame import regions_geojson
from phare.publish import (
    bar_spec,
    chart_specs,
    choropleth_spec,
    html_to_pdf,
    render_report_html,
    render_summary_html,
    write_report,
)
from phare.study.results import IndicatorInfo, WaveResults

DATE = "2026-11-26"


@pytest.fixture(scope="module")
def results() -> WaveResults:
    return make_results(geojson=regions_geojson())


def _urls(node: Any) -> list[str]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "url":
                found.append(value)
            found += _urls(value)
    elif isinstance(node, list):
        for value in node:
            found += _urls(value)
    return found


def test_report_html_is_self_contained(results: WaveResults) -> None:
    html = render_report_html(results, DATE)
    assert "<script" not in html
    assert "<link" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "@import" not in html
    assert html.count("<svg") >= 3
    assert "Données simulées" in html


def test_every_chart_has_a_base_and_a_source(results: WaveResults) -> None:
    for html in (render_report_html(results, DATE), render_summary_html(results, DATE)):
        figures = re.findall(r"<figure>.*?</figure>", html, flags=re.S)
        assert figures
        for figure in figures:
            assert "Base :" in figure and "(n = " in figure and "Source :" in figure


def test_a_real_wave_is_not_labelled_simulated() -> None:
    real = make_results(simulated=False)
    html = render_report_html(real, DATE)
    assert "Données simulées" not in html
    assert "données simulées" not in html


def test_vega_lite_specs_embed_their_data_and_show_suppressed_regions(
    results: WaveResults,
) -> None:
    specs = chart_specs(results)
    assert specs
    for spec in specs.values():
        assert _urls(spec) == []
    bar = bar_spec(results, results.rows("innov_agree", "region"), label_by="group")
    texts = {d["label"]: d["text"] for d in bar["data"]["values"]}
    assert texts["Occitanie"] == "n.p."  # n = 4: suppressed
    assert texts["Normandie"].endswith("*")  # n = 20: small base
    geo = choropleth_spec(results, "innov_agree")
    assert geo is not None
    statuses = {
        f["properties"]["region"]: f["properties"]["status"]
        for layer in geo["layer"]
        for f in layer["data"]["values"]
    }
    assert statuses["76"].startswith("Non publié")
    assert statuses["84"] == "ok"


def test_workbook_has_metadata_and_one_sheet_per_question_and_no_formula(
    tmp_path: Path,
) -> None:
    base = make_results()
    # a label a spreadsheet would take for a formula, and one it would take for a link
    hostile = base.indicators[0].model_copy(
        update={"label_fr": '=HYPERLINK("http://x","y")', "label_en": "+1+1"}
    )
    tricky: list[IndicatorInfo] = [hostile, *base.indicators[1:]]
    results = base.model_copy(update={"indicators": tricky})
    files = write_report(results, tmp_path, build_date=DATE, formats=("xlsx",))
    assert files.workbook is not None
    book = openpyxl.load_workbook(files.workbook)
    assert book.sheetnames[0] == "Métadonnées"
    assert {"Q2 Domaines où développer des partenariats"[:31], "Q4 Alliances et innovation"} <= set(
        book.sheetnames
    ) or any(name.startswith("Q2") for name in book.sheetnames)
    formulas = [
        (ws.title, cell.coordinate)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert '=HYPERLINK("http://x","y")' in values
    meta = {r[0].value: r[1].value for r in book["Métadonnées"].iter_rows() if r[0].value}
    assert meta["Vague"] == "2017"
    assert "SIMUL" in str(meta["Données"])
    assert book.properties.created is not None and book.properties.created.year == 2026


def test_same_results_same_date_give_the_same_bytes(results: WaveResults, tmp_path: Path) -> None:
    formats = ("html", "xlsx", "json", "specs")
    first = write_report(results, tmp_path / "a", build_date=DATE, formats=formats)
    second = write_report(results, tmp_path / "b", build_date=DATE, formats=formats)
    for a, b in zip(first.all(), second.all(), strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    summary = render_summary_html(results, DATE)
    pdf_a = html_to_pdf(summary, tmp_path / "a.pdf").read_bytes()
    pdf_b = html_to_pdf(summary, tmp_path / "b.pdf").read_bytes()
    assert pdf_a == pdf_b
    meta = pypdfium2.PdfDocument(pdf_a).get_metadata_dict()
    assert meta["CreationDate"].startswith("D:20261126")
    assert meta["ModDate"].startswith("D:20261126")


def test_unknown_format_is_refused(results: WaveResults, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="formats"):
        write_report(results, tmp_path, build_date=DATE, formats=("docx",))


def test_the_report_shows_the_change_since_an_earlier_wave(results: WaveResults) -> None:
    from phare.study import compare_waves

    earlier = results.model_copy(
        update={
            "metadata": results.metadata.model_copy(update={"wave": "2014"}),
            "estimates": [
                r.model_copy(update={"estimate": r.estimate - 0.1})
                if r.estimate is not None and r.estimate > 0.5
                else r
                for r in results.estimates
            ],
        }
    )
    later = results.model_copy(update={"comparison": compare_waves(earlier, results)})
    html = render_report_html(later, DATE)
    assert "Évolution depuis la vague 2014" in html
    assert "+10\u00a0points" in html
