"""The corpus of bad files (tests/data/bad_files, see make_bad_files.py): every case ends in a
clear report and nothing is lost (rows in = rows stored + rows quarantined)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from phare.responses import IntakeError, Store, read_file
from phare.responses.schema import quarantine, responses

BAD = Path(__file__).resolve().parents[1] / "data" / "bad_files"
EXPECTED: dict[str, dict[str, object]] = json.loads((BAD / "EXPECTED.json").read_text("utf-8"))


def test_every_file_of_the_corpus_has_an_expectation() -> None:
    files = {p.name for p in BAD.iterdir() if p.suffix not in (".py", ".json")}
    assert files == set(EXPECTED)


def _counts(store: Store, import_id: int) -> tuple[int, int]:
    with store.engine.connect() as conn:
        n_resp = conn.execute(
            sa.select(sa.func.count()).where(responses.c.import_id == import_id)
        ).scalar_one()
        n_q = conn.execute(
            sa.select(sa.func.count()).where(quarantine.c.import_id == import_id)
        ).scalar_one()
    return n_resp, n_q


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_ends_in_a_clear_report(name: str, store: Store) -> None:
    expect = EXPECTED[name]
    path = BAD / name
    if "refused" in expect:
        with pytest.raises(IntakeError) as info:
            store.import_file(path, "2026")
        err = info.value
        assert err.code == expect["refused"], err
        assert err.file == name
        assert " / " in err.message  # French / English
        assert store.list_waves().empty  # nothing written
        return
    outcome = store.import_file(path, "2026", who="corpus")
    report = outcome.report
    assert (report.rows_in, report.n_accepted, report.n_quarantined) == (
        expect["rows_in"],
        expect["accepted"],
        expect["quarantined"],
    ), [p.model_dump() for p in report.problems]
    assert _counts(store, outcome.import_id) == (report.n_accepted, report.n_quarantined)
    found = {p.code for p in report.problems}
    assert set(expect["codes"]) <= found, found
    for q in report.quarantined:
        assert q.reasons and all(r.row == q.row and r.file == name for r in q.reasons)
    for p in report.problems:
        if p.row is not None and p.code != "wrong_field_count":
            assert p.column is not None and p.expected, p
    json.loads(report.to_json())


def test_invalid_codes_report_column_and_value(sqlite_store: Store) -> None:
    report = sqlite_store.import_file(BAD / "invalid_codes.csv", "2026").report
    by_row = {q.row: q.reasons for q in report.quarantined}
    innov = by_row[2][0]
    assert (innov.code, innov.column, innov.value) == ("out_of_codes", "innov", "5")
    assert "1, 2, 3, 4, 9" in (innov.expected or "")
    role = by_row[3][0]
    assert (role.column, role.value) == ("role_mairie", "7")
    assert by_row[4][0].code == "commune_arrondissement"
    assert "75056" in by_row[4][0].message
    assert by_row[5][0].code == "commune_unknown" and "postal" in by_row[5][0].message
    stored = sqlite_store.load_wave("2026")
    assert sorted(stored["commune"]) == ["01004", "01138"]


def test_injection_kept_as_text_and_never_a_formula_in_xlsx(
    sqlite_store: Store, tmp_path: Path
) -> None:
    sqlite_store.import_file(BAD / "injection.csv", "2026")
    verbatims = list(sqlite_store.load_wave("2026")["verbatim"])
    assert '=HYPERLINK("http://evil.invalid","clic")' in verbatims
    assert "<script>alert('x')</script>" in verbatims
    out = sqlite_store.export_wave("2026", "xlsx", tmp_path / "w.xlsx")
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        assert "<f>" not in sheet and "<f " not in sheet
        assert not any(n.startswith("xl/externalLinks") for n in z.namelist())
    ws = openpyxl.load_workbook(out).worksheets[0]
    header = [c.value for c in ws[1]]
    col = header.index("verbatim")
    cells = [row[col] for row in ws.iter_rows(min_row=2)]
    assert {c.data_type for c in cells} == {"s"}
    assert sorted(c.value for c in cells) == sorted(verbatims)
    assert not ws._hyperlinks


def test_ten_megabyte_verbatim_is_quarantined_whole(sqlite_store: Store, tmp_path: Path) -> None:
    huge = "é" * (10 * 1024 * 1024)
    path = tmp_path / "huge.csv"
    path.write_text(f"commune;innov;verbatim\n01001;1;{huge}\n01002;2;court\n", encoding="utf-8")
    outcome = sqlite_store.import_file(path, "2026")
    report = outcome.report
    assert (report.rows_in, report.n_accepted, report.n_quarantined) == (2, 1, 1)
    problem = report.errors[0]
    assert problem.code == "text_too_long" and problem.row == 2
    assert len(problem.value or "") < 300 and "10,485,760" in (problem.value or "")
    q = sqlite_store.quarantine("2026")
    assert len(q) == 1 and q.loc[0, "verbatim"] == huge  # nothing lost


def test_read_file_reports_what_it_detected() -> None:
    raw = read_file(BAD / "blank_lines_and_trailing_separators.csv")
    assert raw.separator == ";" and raw.encoding == "utf-8"
    assert raw.n_rows == 2 and raw.row_numbers == [2, 5]
    assert any("vide" in n for n in raw.notes)
