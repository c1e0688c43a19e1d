"""The XLSForm: pyxform accepts it, it reads back into an equal instrument, added questions pass."""

import openpyxl
import pytest
from pyxform.xls2xform import convert

from phare.instrument import (
    InstrumentError,
    compatibility_problems,
    load_instrument,
    read_xlsform,
    write_xlsform,
)


@pytest.fixture(scope="module")
def inst():
    return load_instrument()


@pytest.fixture()
def form(inst, tmp_path):
    return write_xlsform(inst, tmp_path / "phare.xlsx")


def test_pyxform_converts_it_to_an_xform(form) -> None:
    result = convert(xlsform=str(form))
    assert result.warnings == []
    xml = result.xform
    assert "<coco_savoir" in xml
    assert "part_emploi" in xml
    assert (
        '<bind nodeset="/data/Q6" relevant="selected( /data/Q5/coco_ancree , \'1\') or '
        "selected( /data/Q5/coco_ancree , '2')\"/>"
    ) in xml
    assert 'lang="French (fr)"' in xml and 'lang="English (en)"' in xml
    assert (
        'nodeset="/data/Q10/verbatim" type="string" constraint="string-length(.) &lt;= 2000"' in xml
    )


def test_model_to_xlsform_to_model_is_the_identity(inst, form) -> None:
    back = read_xlsform(form)
    assert back == inst


def test_the_xlsform_has_the_contract_shape(form) -> None:
    wb = openpyxl.load_workbook(form)
    survey = list(wb["survey"].iter_rows(values_only=True))
    header = survey[0]
    assert "label::French (fr)" in header and "label::English (en)" in header
    rows = {r[header.index("name")]: r for r in survey[1:] if r[header.index("name")]}
    assert rows["part_emploi"][header.index("type")] == "select_one coche"
    assert rows["innov"][header.index("type")] == "select_one agree4"
    assert "coco_ancree" in rows["Q6"][header.index("relevant")]
    assert rows["region"][header.index("type")] == "calculate"
    assert {"survey", "choices", "settings"} <= set(wb.sheetnames)


def test_an_added_question_imports_and_stays_compatible(inst, form) -> None:
    wb = openpyxl.load_workbook(form)
    ws = wb["survey"]
    header = [c.value for c in ws[1]]
    end = max(i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row[0] == "end_group")
    new_rows = [
        {"type": "begin_group", "name": "Q12", "label::French (fr)": "Élu depuis ?"},
        {"type": "select_one oui_non_nsp", "name": "nouvelle", "label::French (fr)": "Nouvelle"},
        {"type": "end_group"},
    ]
    ws.insert_rows(end + 1, amount=len(new_rows))
    for offset, cells in enumerate(new_rows):
        for key, value in cells.items():
            ws.cell(row=end + 1 + offset, column=header.index(key) + 1, value=value)
    path = form.with_name("plus.xlsx")
    wb.save(path)
    assert convert(xlsform=str(path)).warnings == []
    new = read_xlsform(path)
    assert new.question("Q12").variables[0].name == "nouvelle"
    assert new.variable("nouvelle").type == "code"
    assert new.variable("nouvelle").dont_know == 9
    assert new.variable("nouvelle").label.en == "Nouvelle"
    assert compatibility_problems(new, inst) == []


def test_a_recoded_xlsform_is_reported(inst, form) -> None:
    wb = openpyxl.load_workbook(form)
    ws = wb["choices"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "agree4" and row[1].value == 1:
            row[2].value = "Pas du tout d'accord"
    path = form.with_name("recoded.xlsx")
    wb.save(path)
    problems = compatibility_problems(read_xlsform(path), inst)
    assert any("innov: code 1 recodé" in p for p in problems)


def test_grid_rows_must_match_their_items(form) -> None:
    wb = openpyxl.load_workbook(form)
    ws = wb["survey"]
    for row in ws.iter_rows(min_row=2):
        if row[1].value == "part_emploi":
            row[1].value = "part_travail"
    path = form.with_name("broken.xlsx")
    wb.save(path)
    with pytest.raises(InstrumentError, match="Q2"):
        read_xlsform(path)
