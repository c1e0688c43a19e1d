"""The demo wave's English report and summary: the study writes every text in English too."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from phare.publish import render_report_html, render_summary_html
from phare.study import WaveResults
from phare.study.differences import PAIR_TEST_NAME_EN

DATE = "2026-11-26"
HELPER = Path(__file__).resolve().parents[1] / "publish" / "english_text.py"


def _english_text() -> ModuleType:
    """The French-marker detector of tests/publish (one list of markers for both suites)."""
    spec = importlib.util.spec_from_file_location("english_text", HELPER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_demo_results_carry_english_texts(demo_results: WaveResults) -> None:
    t = demo_results.technical
    for field in ("frame_source", "mode", "estimation", "tests"):
        english = getattr(t, f"{field}_en")
        assert english and english != getattr(t, f"{field}_fr"), field
    assert all(q.type_en for q in demo_results.annex.questionnaire)
    assert all(e.label_en for e in demo_results.annex.codebook)
    assert all(p.test_en == PAIR_TEST_NAME_EN for p in demo_results.pair_tests)
    for profile in demo_results.typology.profiles:
        assert profile.over_represented_en is not None
        assert len(profile.over_represented_en) == len(profile.over_represented_fr)
        assert all(trait.label_en and " : " not in trait.label_en for trait in profile.traits)
    reason = demo_results.weighting.fallback_reason_en
    if reason is not None:
        assert " habitants" not in reason and "inhabitants" in reason


def test_the_demo_english_documents_show_no_french(demo_results: WaveResults) -> None:
    helper = _english_text()
    for document in (
        render_report_html(demo_results, DATE, "en"),
        render_summary_html(demo_results, DATE, "en"),
    ):
        assert helper.french_in_english(document) == []
    french = render_report_html(demo_results, DATE, "fr")
    assert "Base de sondage" in helper.french_in_english(french)
