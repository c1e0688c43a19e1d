"""Every table and chart of the PDFs within the A4 page, in French and English."""

from __future__ import annotations

from pathlib import Path

import pytest
from handmade import make_results
from pdf_layout import off_page_text

from phare.frame import regions_geojson
from phare.publish import write_report
from phare.publish.i18n import lang_of
from phare.publish.tables import MAX_GROUP_COLUMNS, groups_table, groups_tables
from phare.study.results import WaveResults

DATE = "2026-11-26"


@pytest.fixture(scope="module")
def results() -> WaveResults:
    return make_results(geojson=regions_geojson())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_text_of_the_pdfs_runs_off_the_page(
    results: WaveResults, lang: str, tmp_path: Path
) -> None:
    files = write_report(results, tmp_path, build_date=DATE, formats=("pdf",), langs=(lang,))
    suffix = "" if lang == "fr" else "_en"
    for name in ("report_pdf", "summary_pdf"):
        pdf = getattr(files, name + suffix)
        assert pdf is not None
        assert off_page_text(pdf) == {}, pdf.name


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_wide_group_tables_are_split_with_every_column_once(
    results: WaveResults, lang: str
) -> None:
    language = lang_of(lang)
    infos = list(results.indicators)
    whole = groups_table(results, infos, "region", "Caption", language)
    parts = groups_tables(results, infos, "region", "Caption", language, max_columns=2)
    columns = len(whole.header) - 2  # without the groups' column and the base
    assert columns > 2
    assert len(parts) == -(-columns // 2)
    assert [p.caption for p in parts[1:]] == [language.t("tab.continued", caption="Caption")] * (
        len(parts) - 1
    )
    assert parts[0].caption == "Caption"
    assert [h for p in parts for h in p.header[1:-1]] == whole.header[1:-1]
    for p in parts:
        assert p.header[0] == whole.header[0] and p.header[-1] == "n"
        assert len(p.rows) == len(whole.rows)
        assert [line[0] for line in p.rows] == [line[0] for line in whole.rows]
        assert all(len(line) == len(p.header) for line in p.rows)
    values = [
        [c for line in lines for c in line[1:-1]]
        for lines in zip(*(p.rows for p in parts), strict=True)
    ]
    assert values == [line[1:-1] for line in whole.rows]
    default = groups_tables(results, infos, "region", "Caption", language)
    assert all(len(p.header) - 2 <= MAX_GROUP_COLUMNS for p in default)
    with pytest.raises(ValueError, match="max_columns"):
        groups_tables(results, infos, "region", "Caption", language, max_columns=0)
