"""The English edition reads the results' English fields: no French text left in it."""

from __future__ import annotations

import pytest
from english_text import french_in_english, visible_text
from handmade import make_results

from phare.frame import regions_geojson
from phare.publish import render_report_html, render_summary_html
from phare.publish.i18n import EN, FR
from phare.study.results import WaveResults

DATE = "2026-11-26"


@pytest.fixture(scope="module")
def results() -> WaveResults:
    return make_results(geojson=regions_geojson())


def test_the_english_report_and_summary_show_no_french(results: WaveResults) -> None:
    for document in (
        render_report_html(results, DATE, "en"),
        render_summary_html(results, DATE, "en"),
    ):
        assert french_in_english(document) == []
    text = visible_text(render_report_html(results, DATE, "en"))
    for english in (
        "Register of communes (COG)",
        "Online questionnaire",
        "Taylor-linearised",
        "Rao–Scott; Benjamini–Hochberg",
        "Agreement scale",
        "Asked if part_dev_eco",
        "1 Strongly agree",
        "Typology not computed: questions Q7 to Q9 missing.",
    ):
        assert english in text, english


def test_the_detector_finds_the_french_of_the_french_report(results: WaveResults) -> None:
    found = french_in_english(render_report_html(results, DATE, "fr"))
    assert "Posée si" in found and "Échelle d'accord" in found
    assert any(f.startswith("French colon") for f in found)


def test_a_result_without_english_falls_back_on_french(results: WaveResults) -> None:
    sheet = results.technical.model_copy(update={"mode_en": None})
    assert EN.label(sheet, "mode") == FR.label(sheet, "mode") == "Questionnaire en ligne"
    assert EN.label(results.technical, "mode") == "Online questionnaire"
    empty = results.technical.model_copy(update={"mode_en": ""})
    assert EN.label(empty, "mode") == ""


def test_results_of_schema_1_0_still_read_and_render(results: WaveResults) -> None:
    data = results.model_dump(mode="json")
    data["metadata"]["schema_version"] = "1.0"
    for key in ("frame_source_en", "mode_en", "estimation_en", "tests_en"):
        del data["technical"][key]
    old = WaveResults.model_validate(data)
    assert old.technical.mode_en is None
    assert "Questionnaire en ligne" in render_report_html(old, DATE, "en")
