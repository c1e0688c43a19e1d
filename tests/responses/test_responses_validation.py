"""Intake rules of the contract, one by one, on in-memory tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from phare.instrument import Instrument
from phare.responses import IntakeError, read_dataframe, read_file, validate


def _report(rows: list[dict[str, object]], instrument: Instrument, wave: str | None = "2026"):
    return validate(read_dataframe(pd.DataFrame(rows)), instrument, wave)


def _codes(report) -> list[tuple[int | None, str]]:  # noqa: ANN001
    return [(p.row, p.code) for p in report.problems if p.severity != "info"]


def test_q6_answer_blanked_when_not_asked(instrument: Instrument) -> None:
    report = _report(
        [
            {"commune": "01001", "coco_ancree": 3, "coco_savoir": 2},
            {"commune": "01002", "coco_ancree": None, "coco_savoir": 1},
            {"commune": "01004", "coco_ancree": 2, "coco_savoir": 2},
            {"commune": "01005", "coco_ancree": 9, "coco_savoir": 9},
        ],
        instrument,
    )
    assert report.n_quarantined == 0
    values = {a.values["commune"]: a.values["coco_savoir"] for a in report.accepted}
    assert values == {"01001": None, "01002": None, "01004": 2, "01005": None}
    blanked = [p for p in report.warnings if p.code == "not_asked_blanked"]
    assert [(p.row, p.column, p.value) for p in blanked] == [
        (2, "coco_savoir", "2"),
        (3, "coco_savoir", "1"),
        (5, "coco_savoir", "9"),
    ]


def test_verbatim_length_is_counted_in_characters(instrument: Instrument) -> None:
    report = _report(
        [
            {"commune": "01001", "verbatim": "é" * 2000},  # 4,000 bytes in UTF-8: accepted
            {"commune": "01002", "verbatim": "🙂" * 2001},
        ],
        instrument,
    )
    assert report.n_accepted == 1
    (q,) = report.quarantined
    assert q.reasons[0].code == "text_too_long" and "2,001" in q.reasons[0].message


def test_exact_duplicate_kept_once_conflict_quarantines_all(instrument: Instrument) -> None:
    report = _report(
        [
            {"commune": "01001", "innov": 1},
            {"commune": "1001", "innov": 1},  # same commune once padded, same answers
            {"commune": "01002", "innov": 1},
            {"commune": "01002", "innov": 2},
            {"commune": "01004", "innov": 1, "respondent_id": "A"},
            {"commune": "01005", "innov": 1, "respondent_id": "A"},
        ],
        instrument,
    )
    assert sorted(a.values["commune"] for a in report.accepted) == ["01001"]
    reasons = {q.row: [r.code for r in q.reasons] for q in report.quarantined}
    assert reasons == {
        3: ["duplicate_exact"],
        4: ["duplicate_conflict"],
        5: ["duplicate_conflict"],
        6: ["duplicate_conflict"],
        7: ["duplicate_conflict"],
    }
    assert "row 2" in report.quarantined[0].reasons[0].message


def test_generated_respondent_ids_are_stable(instrument: Instrument) -> None:
    report = _report([{"commune": "2A004"}, {"commune": "01001", "respondent_id": "x"}], instrument)
    assert [a.values["respondent_id"] for a in report.accepted] == ["2026-2A004", "x"]


def test_labels_are_read_as_codes_with_a_warning(instrument: Instrument) -> None:
    report = _report(
        [
            {"commune": "01001", "innov": "Tout à fait d’accord", "premier_mandat": "Non"},
            {"commune": "01002", "innov": "strongly agree", "premier_mandat": "oui"},
        ],
        instrument,
    )
    assert [(a.values["innov"], a.values["premier_mandat"]) for a in report.accepted] == [
        (1, 2),
        (1, 1),
    ]
    assert {p.column for p in report.warnings if p.code == "value_as_label"} == {
        "innov",
        "premier_mandat",
    }


def test_spss_value_labels_are_honoured(instrument: Instrument, tmp_path: Path) -> None:
    df = pd.DataFrame(
        {"commune": ["01001", "01002"], "innov": [1.0, 4.0], "coco_ancree": [1.0, 2.0]}
    )
    path = tmp_path / "w.sav"
    pyreadstat.write_sav(
        df,
        str(path),
        variable_value_labels={
            # the file codes agreement the other way round, its labels say so
            "innov": {1.0: "Pas du tout d'accord", 4.0: "Tout à fait d'accord"},
            "coco_ancree": {
                1.0: "Tout à fait d'accord",
                2.0: "Plutôt d'accord d'une certaine façon",
            },
        },
    )
    report = validate(read_file(path), instrument, "2026")
    assert [a.values["innov"] for a in report.accepted] == [4, 1]
    assert [a.values["coco_ancree"] for a in report.accepted] == [1, 2]
    codes = {p.code: p.column for p in report.warnings}
    assert codes["recoded_by_label"] == "innov"
    assert codes["label_mismatch"] == "coco_ancree"


def test_frame_and_indicator_columns_are_reported_as_kept_aside(instrument: Instrument) -> None:
    report = _report([{"commune": "01001", "taille": "t5", "innov_agree": 1, "x": 3}], instrument)
    assert report.unknown_columns == ["taille", "innov_agree", "x"]
    messages = {p.column: p.message for p in report.warnings if p.code == "unknown_column"}
    assert "frame" in messages["taille"] and "indicator" in messages["innov_agree"]
    assert report.accepted[0].extras == {"taille": "t5", "innov_agree": "1", "x": "3"}


def test_wave_column_must_match(instrument: Instrument) -> None:
    report = _report(
        [{"commune": "01001", "wave": "2026"}, {"commune": "01002", "wave": "2017"}], instrument
    )
    assert _codes(report) == [(3, "wave_mismatch")]
    assert _report([{"commune": "01001", "wave": "2017"}], instrument, None).wave == "2017"
    with pytest.raises(IntakeError) as info:
        _report(
            [{"commune": "01001", "wave": "2017"}, {"commune": "01002", "wave": "2026"}],
            instrument,
            None,
        )
    assert info.value.code == "wave_missing"
    with pytest.raises(ValueError, match="wave"):
        _report([{"commune": "01001"}], instrument, "vague 1")


def test_header_is_case_and_space_insensitive(instrument: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text(" Commune ;INNOV\n01001;2\n", encoding="utf-8")
    report = validate(read_file(path), instrument, "2026")
    assert report.accepted[0].values["innov"] == 2 and not report.unknown_columns


def test_missing_header_hint(instrument: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("01001;1\n01002;2\n", encoding="utf-8")
    with pytest.raises(IntakeError) as info:
        validate(read_file(path), instrument, "2026")
    assert info.value.code == "missing_commune_column"
    assert "header row" in info.value.message


def test_windows_1252_is_decoded(instrument: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes("commune;verbatim\n01001;Élus’ « œuvre » 5 €\n".encode("cp1252"))
    raw = read_file(path)
    assert raw.encoding == "windows-1252"
    report = validate(raw, instrument, "2026")
    assert report.accepted[0].values["verbatim"] == "Élus’ « œuvre » 5 €"


def test_xlsx_rows_are_numbered_as_in_the_sheet(instrument: Instrument, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([None])
    ws.append(["commune", "innov"])
    ws.append([1001, 1.0])
    ws.append([None, None])
    ws.append(["99999", 2])
    path = tmp_path / "w.xlsx"
    wb.save(path)
    report = validate(read_file(path), instrument, "2026")
    assert report.accepted[0].row == 3 and report.quarantined[0].row == 5
    assert report.accepted[0].values["commune"] == "01001"


def test_trailing_separators_and_short_rows(instrument: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("commune;innov;x;x;\n01001;1;a;b\n01002;2;c;d;;;\n01004;3\n", encoding="utf-8")
    report = validate(read_file(path), instrument, "2026")
    assert [a.values["commune"] for a in report.accepted] == ["01001", "01002"]
    assert report.accepted[0].extras == {"x": "a", "x_4": "b"}
    assert report.unknown_columns == ["x"]
    (q,) = report.quarantined
    assert q.row == 4 and q.reasons[0].code == "wrong_field_count"
