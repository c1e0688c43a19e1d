"""Write the corpus of good import files: one small wave as real tools save it.

Run from the repository root: ``.venv/bin/python tests/data/good_files/make_good_files.py``.
``expected.csv`` is the wave in the plain contract format (UTF-8, ``,``); every other file must
import to the same stored wave (``tests/responses/test_responses_good_files.py``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyreadstat

HERE = Path(__file__).resolve().parent
COLUMNS = [
    "commune",
    "respondent_id",
    "innov",
    "coco_ancree",
    "coco_savoir",
    "part_emploi",
    "role_mairie",
    "premier_mandat",
    "verbatim",
]
ROWS = [
    ["01001", "A1", 1, 1, 2, 1, 1, 1, "Des élus « formés » ; plus de moyens"],
    ["02002", "A2", 2, 3, None, 0, 9, 2, None],
    ["2A004", "A3", 9, 2, 9, None, 3, 1, '=HYPERLINK("http://exemple.invalid","x")'],
    ["97101", "A4", None, None, None, 1, 6, None, "Ligne 1\nLigne 2 — œuvre, 5 €"],
    ["06088", "A5", 4, 4, None, 1, 2, 2, "<script>alert('x')</script>"],
]
AGREE = {
    1: "Tout à fait d'accord",
    2: "Plutôt d'accord",
    3: "Plutôt pas d'accord",
    4: "Pas du tout d'accord",
    9: "Ne sait pas",
}


def _rows(decimal_comma: bool = False, drop_zero: bool = False) -> list[list[str]]:
    out = []
    for row in ROWS:
        cells = []
        for name, v in zip(COLUMNS, row, strict=True):
            if v is None:
                cells.append("")
            elif isinstance(v, int):
                cells.append(f"{v},00" if decimal_comma else str(v))
            elif name == "commune" and drop_zero:
                cells.append(v.lstrip("0"))
            else:
                cells.append(v)
        out.append(cells)
    return out


def _csv(rows: list[list[str]], sep: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerow(COLUMNS)
    w.writerows(rows)
    return buf.getvalue()


def main() -> None:
    (HERE / "expected.csv").write_text(_csv(_rows(), ","), encoding="utf-8", newline="")
    # Excel (French) "CSV UTF-8 (délimité par des points-virgules)": BOM, ;, decimal comma
    (HERE / "excel_fr_utf8_bom.csv").write_bytes(
        b"\xef\xbb\xbf" + _csv(_rows(decimal_comma=True), ";").encode("utf-8")
    )
    # Older Excel "CSV (séparateur : point-virgule)": Windows-1252, leading zeros lost
    (HERE / "excel_windows_1252.csv").write_bytes(_csv(_rows(drop_zero=True), ";").encode("cp1252"))
    # LibreOffice-like: tab-separated UTF-8 without BOM
    (HERE / "tab_separated.csv").write_text(_csv(_rows(), "\t"), encoding="utf-8", newline="")
    # A workbook typed by hand: numbers as numbers, a verbatim typed as a formula
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Réponses"
    ws.append(COLUMNS)
    for row in ROWS:
        ws.append([int(v) if (i == 0 and v.isdigit()) else v for i, v in enumerate(row)])
    wb.save(HERE / "typed_by_hand.xlsx")
    # SPSS with labels and "ne sait pas" coded 5 (honoured through the labels)
    df = pd.DataFrame(ROWS, columns=COLUMNS)
    sav = {}
    for name in COLUMNS:
        if name in ("commune", "respondent_id", "verbatim"):
            sav[name] = df[name].fillna("")
        else:
            sav[name] = pd.to_numeric(df[name]).astype("float64")
    agree = ["innov", "coco_ancree"]
    for name in agree:
        sav[name] = sav[name].replace(9.0, 5.0)
    labels = {n: {(5.0 if c == 9 else float(c)): lab for c, lab in AGREE.items()} for n in agree}
    labels["premier_mandat"] = {1.0: "Oui", 2.0: "Non"}
    pyreadstat.write_sav(
        pd.DataFrame(sav), str(HERE / "spss_labels.sav"), variable_value_labels=labels
    )
    # Stata 14 with English labels
    dta = {n: (np.array(v, dtype=object) if v.dtype == object else v) for n, v in sav.items()}
    for name in agree:
        dta[name] = pd.to_numeric(df[name]).astype("float64")
    pd.DataFrame(dta).to_stata(
        HERE / "stata_labels.dta",
        write_index=False,
        version=118,
        value_labels={"innov": {1: "Strongly agree", 2: "Somewhat agree", 9: "Don't know"}},
        convert_strl=["verbatim"],
    )


if __name__ == "__main__":
    main()
