"""The demo wave's outputs looked at page by page, and `phare report` on a wave from files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pypdfium2
import pytest
from typer.testing import CliRunner

from phare.cli.main import app
from phare.publish import ReportFiles, write_report
from phare.responses import Store
from phare.study import WaveResults, analyse_wave

DATE = "2026-11-26"
SECTIONS = (
    "Synthèse : les 7 enseignements-clés",
    "Fiche technique",
    "Résultats détaillés par thème",
    "Résultats par région et par taille de commune",
    "Résultats selon le profil du maire",
    "Typologie des maires",
    "Contrôle des affirmations",
    "Annexes",
)


@pytest.fixture(scope="module")
def outputs(demo_results: WaveResults, tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    return write_report(demo_results, tmp_path_factory.mktemp("demo-report"), build_date=DATE)


def _pages(path: Path) -> list[tuple[str, np.ndarray]]:
    pdf = pypdfium2.PdfDocument(path)
    pages = []
    for page in pdf:
        text = page.get_textpage().get_text_range()
        image = np.asarray(page.render(scale=0.4).to_pil().convert("L"), dtype=float)
        pages.append((text, image))
    return pages


def test_the_pdf_report_has_every_section_and_no_blank_page(outputs: ReportFiles) -> None:
    assert outputs.report_pdf is not None
    pages = _pages(outputs.report_pdf)
    assert len(pages) >= 20
    text = "\n".join(t for t, _ in pages)
    for title in SECTIONS:
        assert title in text, title
    for k, (page_text, image) in enumerate(pages, start=1):
        assert "Données simulées" in page_text, k
        assert f"Page {k} / {len(pages)}" in page_text, k
        assert image.std() > 5, f"page {k} looks blank"
    assert text.count("Base :") >= 10 and text.count("Source :") >= 10


def _off_page_text(path: Path, margin: float = 5.0) -> dict[int, str]:
    """Page → characters whose box comes within ``margin`` points of an edge (text layer)."""
    off: dict[int, str] = {}
    for number, page in enumerate(pypdfium2.PdfDocument(path), start=1):
        width, height = page.get_size()
        text = page.get_textpage()
        chars = ""
        for k in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(k)
            if right > left and (
                left < margin or right > width - margin or bottom < margin or top > height - margin
            ):
                chars += text.get_text_range(k, 1)
        if chars:
            off[number] = chars
    return off


def test_no_table_or_chart_of_the_demo_pdfs_runs_off_the_page(
    outputs: ReportFiles, demo_results: WaveResults, tmp_path: Path
) -> None:
    english = write_report(demo_results, tmp_path, build_date=DATE, formats=("pdf",), langs=("en",))
    pdfs = [outputs.report_pdf, outputs.summary_pdf, english.report_pdf_en, english.summary_pdf_en]
    for pdf in pdfs:
        assert pdf is not None
        assert _off_page_text(pdf) == {}, pdf.name


def test_the_summary_fits_on_two_pages_in_the_seed_style(outputs: ReportFiles) -> None:
    assert outputs.summary_pdf is not None
    pages = _pages(outputs.summary_pdf)
    assert len(pages) == 2
    first = pages[0][0]
    assert "en quelques mots" in first
    assert "Les 7 enseignements-clés" in first
    assert "maires sur 10" in "\n".join(t for t, _ in pages)
    for text, image in pages:
        assert "Données simulées" in text
        assert image.std() > 5


def test_the_workbook_has_a_sheet_per_question_and_no_formula(
    outputs: ReportFiles, demo_results: WaveResults
) -> None:
    assert outputs.workbook is not None
    book = openpyxl.load_workbook(outputs.workbook, read_only=False)
    names = book.sheetnames
    assert names[:2] == ["Métadonnées", "Enseignements"]
    questions = {i.question for i in demo_results.indicators if i.question.startswith("Q")}
    for q in questions:
        assert any(n.startswith(q + " ") for n in names), q
    assert not any(
        c.data_type == "f" for ws in book.worksheets for row in ws.iter_rows() for c in row
    )
    q4 = book[next(n for n in names if n.startswith("Q4 "))]
    header = [c.value for c in q4[4]]
    assert header[:6] == ["Variable", "Indicateur", "Modalité", "Découpage", "Groupe", "Estimation"]
    regions = [
        r
        for r in q4.iter_rows(min_row=5, values_only=True)
        if r[0] == "innov_agree" and r[3] == "Région"
    ]
    assert len(regions) >= 13
    suppressed = [r for r in regions if r[11].startswith("non publié")]
    assert all(r[5] is None for r in suppressed)


def test_phare_report_on_a_wave_imported_from_files(demo_wave, tmp_path: Path) -> None:
    source = Store(str(tmp_path / "source.sqlite"))
    source.upgrade()
    source.save_wave(demo_wave.responses, "2017", source="demo")
    csv = source.export_wave("2017", "csv", tmp_path / "vague-2017.csv")
    target_db = tmp_path / "cible.sqlite"
    target = Store(str(target_db))
    target.upgrade()
    outcome = target.import_file(csv, wave="2017")
    assert outcome.report.n_accepted == len(demo_wave.responses)
    result = CliRunner().invoke(
        app,
        [
            "report",
            "--wave",
            "2017",
            "--db",
            str(target_db),
            "--out",
            str(tmp_path / "out"),
            "--date",
            DATE,
            "--formats",
            "html,xlsx,json",
            "--no-typology",
            "--fieldwork",
            "2017-05-02,2017-06-30",
        ],
    )
    assert result.exit_code == 0, result.output
    results = WaveResults.from_json((tmp_path / "out" / "phare-2017-resultats.json").read_text())
    assert results.metadata.simulated  # SIM… respondent ids are recognised
    assert results.technical.respondents == len(demo_wave.responses)
    assert any(n.code == "design.assumed_stratified_srs" for n in results.notes)
    assert (results.technical.fieldwork_start, results.technical.fieldwork_end) == (
        "2017-05-02",
        "2017-06-30",
    )
    assert len(results.lessons) == 7
    html = (tmp_path / "out" / "phare-2017-rapport.html").read_text(encoding="utf-8")
    assert "Données simulées" in html and "Fiche technique" in html


@pytest.mark.slow
def test_same_wave_same_seed_same_settings_give_the_same_results(
    demo_wave, demo_results: WaveResults, tmp_path: Path
) -> None:
    again = analyse_wave(
        demo_wave.responses,
        wave="2017",
        sample=demo_wave.design,
        simulated=True,
        seed=2017,
        fieldwork=("2017-05-02", "2017-06-30"),
    )
    assert again.to_json() == demo_results.to_json()
    a = write_report(demo_results, tmp_path / "a", build_date=DATE)
    b = write_report(again, tmp_path / "b", build_date=DATE)
    for x, y in zip(a.all(), b.all(), strict=True):
        assert x.read_bytes() == y.read_bytes(), x.name
