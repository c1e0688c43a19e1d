"""The English edition: report, summary, workbook and PDFs in English, French files unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pypdfium2
import pytest
from handmade import make_results
from markupsafe import escape
from typer.testing import CliRunner

from phare.cli.main import app
from phare.frame import regions_geojson
from phare.publish import (
    LANGS,
    ReportFiles,
    render_report_html,
    render_summary_html,
    write_report,
)
from phare.publish.i18n import MESSAGES
from phare.study.results import WaveResults, percent_value, round_half_up

DATE = "2026-11-26"
FRENCH_TITLES = (
    "Synthèse",
    "enseignements-clés",
    "Fiche technique",
    "Résultats détaillés",
    "Résultats par région",
    "Résultats selon le profil",
    "Typologie des maires",
    "Contrôle des affirmations",
    "Annexes",
    "Sommaire",
    "Taux de réponse",
    "Marges de calage",
    "en quelques mots",
)
NUMBER_EN = re.compile(r"(\d+)(?:%| mayors out of 10)")


@pytest.fixture(scope="module")
def results() -> WaveResults:
    return make_results(geojson=regions_geojson())


@pytest.fixture(scope="module")
def english_pdfs(results: WaveResults, tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    """The only PDF rendering of this module: both English PDFs, once."""
    out = tmp_path_factory.mktemp("english-pdf")
    return write_report(results, out, build_date=DATE, formats=("pdf",), langs=("en",))


def _visible_text(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _expected_figures(results: WaveResults, lesson) -> list[int]:
    expected = []
    for claim in lesson.claims:
        for ref, fmt in zip(claim.used_refs, claim.used_formats, strict=True):
            row = results.row(ref)
            assert row.estimate is not None
            if fmt == "percent":
                expected.append(int(percent_value(row.estimate)))
            elif fmt == "out_of_ten":
                expected.append(int(round_half_up(10 * row.estimate)))
    return expected


def test_the_catalogue_has_every_key_in_both_languages_and_english_typography() -> None:
    assert set(LANGS) == set(MESSAGES) == {"fr", "en"}
    assert MESSAGES["fr"].keys() == MESSAGES["en"].keys()
    for key, text in MESSAGES["en"].items():
        assert text.strip() or key in ("np",), key
        assert "\u00a0%" not in text and " %" not in text, key
        assert not re.search(r"\w : ", text), (key, text)  # no French colon spacing
        assert "«" not in text, key


def test_the_english_report_has_english_titles_and_the_english_lessons(
    results: WaveResults,
) -> None:
    html = render_report_html(results, DATE, "en")
    assert '<html lang="en">' in html
    text = _visible_text(html)
    for title in FRENCH_TITLES:
        assert title not in text, title
    for title in ("Summary", "Technical note", "Detailed results", "Typology", "Appendices"):
        assert title in text, title
    assert "Simulated data" in text
    assert any(lesson.text_en for lesson in results.lessons)
    quoted = 0
    for lesson in results.lessons:
        if not lesson.text_en:
            continue
        paragraph = re.search(
            rf"<h3>{lesson.number}\. {re.escape(str(escape(lesson.title_en)))}</h3>\s*<p>(.*?)</p>",
            html,
            flags=re.S,
        )
        assert paragraph is not None, lesson.number
        assert paragraph.group(1) == str(escape(lesson.text_en))
        found = [int(x) for x in NUMBER_EN.findall(paragraph.group(1))]
        assert found == _expected_figures(results, lesson), (lesson.number, lesson.text_en)
        assert not re.search(r"\d", NUMBER_EN.sub("", paragraph.group(1))), lesson.text_en
        quoted += len(found)
    assert quoted >= 4


def test_every_english_chart_has_an_english_base_and_source(results: WaveResults) -> None:
    for html in (render_report_html(results, DATE, "en"), render_summary_html(results, DATE, "en")):
        figures = re.findall(r"<figure>.*?</figure>", html, flags=re.S)
        assert figures
        for figure in figures:
            caption = _visible_text(figure)
            assert "Base: " in caption and "(n = " in caption and "Source: " in caption
            assert "Base :" not in caption and "Source :" not in caption
            assert "Simulated data" in caption or "simulated data" in caption
        # English number format in the charts' labels and the tables: "87%", no "87 %"
        assert "87%" in html and "87\u00a0%" not in html


def test_the_english_summary_has_its_key_figures_and_english_words(results: WaveResults) -> None:
    html = render_summary_html(results, DATE, "en")
    text = _visible_text(html)
    assert "in brief" in text and "The 7 key lessons" in text
    assert "87%" in text and "of mayors see alliances as a source of innovation" in text
    for french in ("en quelques mots", "Méthode", "Édition du", "maires ont répondu"):
        assert french not in text, french


def test_write_report_writes_both_editions_and_leaves_the_french_files_unchanged(
    results: WaveResults, tmp_path: Path
) -> None:
    formats = ("html", "xlsx", "specs")
    french = write_report(results, tmp_path / "fr", build_date=DATE, formats=formats)
    both = write_report(
        results, tmp_path / "both", build_date=DATE, formats=formats, langs=("fr", "en")
    )
    again = write_report(
        results, tmp_path / "again", build_date=DATE, formats=formats, langs=("fr", "en")
    )
    assert french.report_html_en is None and french.workbook_en is None
    for name in ("report_html", "summary_html", "workbook", "chart_specs"):
        a, b = getattr(french, name), getattr(both, name)
        assert a.name == b.name and a.read_bytes() == b.read_bytes(), name
    names = {p.name for p in both.all()}
    assert {
        "phare-2017-report-en.html",
        "phare-2017-in-brief-en.html",
        "phare-2017-tables-en.xlsx",
        "phare-2017-charts-en.vl.json",
    } <= names
    assert both.chart_specs_en is not None
    specs = both.chart_specs_en.read_text(encoding="utf-8")
    assert "96%" in specs and "Not published" in specs and "Non publié" not in specs
    for x, y in zip(both.all(), again.all(), strict=True):
        assert x.read_bytes() == y.read_bytes(), x.name
    with pytest.raises(ValueError, match="langs"):
        write_report(results, tmp_path / "x", build_date=DATE, formats=formats, langs=("de",))


def test_the_english_workbook_has_english_sheets_headers_and_metadata(
    results: WaveResults, tmp_path: Path
) -> None:
    files = write_report(results, tmp_path, build_date=DATE, formats=("xlsx",), langs=("en",))
    assert files.workbook is None and files.workbook_en is not None
    book = openpyxl.load_workbook(files.workbook_en)
    assert book.sheetnames[:3] == ["Metadata", "Lessons", "Tests"]
    meta = {r[0].value: r[1].value for r in book["Metadata"].iter_rows() if r[0].value}
    assert meta["Wave"] == "2017" and "SIMULATED" in str(meta["Data"])
    assert meta["Source"] == results.metadata.source_en
    lessons = {r[0].value: r[2].value for r in book["Lessons"].iter_rows(min_row=2) if r[0]}
    for lesson in results.lessons:
        assert lessons[lesson.number] == lesson.text_en
    question = book[next(n for n in book.sheetnames if n.startswith("Q4 "))]
    header = [c.value for c in question[4]]
    assert header[:6] == ["Variable", "Indicator", "Category", "Breakdown", "Group", "Estimate"]
    statuses = {r[11] for r in question.iter_rows(min_row=5, values_only=True) if r[0]}
    assert statuses <= {"published", "small base", "not published (base too small)"}
    assert not any(
        c.data_type == "f" for ws in book.worksheets for row in ws.iter_rows() for c in row
    )


def test_the_english_pdfs_render_and_say_simulated_data_on_every_page(
    english_pdfs: ReportFiles,
) -> None:
    assert english_pdfs.report_pdf is None  # French not asked for
    for path in (english_pdfs.report_pdf_en, english_pdfs.summary_pdf_en):
        assert path is not None and path.name.endswith("-en.pdf")
        pdf = pypdfium2.PdfDocument(path)
        assert len(pdf) > 0
        for k, page in enumerate(pdf, start=1):
            text = page.get_textpage().get_text_range()
            assert "Simulated data" in text, (path.name, k)
            assert f"Page {k} / {len(pdf)}" in text, (path.name, k)
    summary = pypdfium2.PdfDocument(english_pdfs.summary_pdf_en)
    assert len(summary) == 2


def test_phare_report_refuses_an_unknown_language(tmp_path: Path) -> None:
    run = CliRunner().invoke(
        app,
        ["report", "--wave", "2017", "--db", str(tmp_path / "x.sqlite"), "--lang", "de"],
    )
    assert run.exit_code == 2
    assert "--lang" in run.output


def test_a_real_wave_is_not_labelled_simulated_in_english() -> None:
    real = make_results(simulated=False)
    for html in (render_report_html(real, DATE, "en"), render_summary_html(real, DATE, "en")):
        assert "imulated" not in html and "simulées" not in html
