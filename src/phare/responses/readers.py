"""Readers: CSV, XLSX, SPSS ``.sav`` and Stata ``.dta`` files into a `RawTable`.

No reader interprets values: it turns a file into header + rows of text cells, or refuses the
file as a whole with an `IntakeError` saying what to do. Validation comes after
(`phare.responses.validation`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from phare.responses.errors import IntakeError
from phare.responses.raw import Cell, RawTable, cell_text

FORMATS = ("csv", "xlsx", "sav", "dta")
_SEPARATORS = (";", ",", "\t")
_CSV_FIELD_LIMIT = 1 << 30


def _refuse(code: str, fr: str, en: str, file: str, row: int | None = None) -> IntakeError:
    return IntakeError(code, f"{fr} / {en}", file=file, row=row)


def sniff_format(path: Path, data: bytes) -> str:
    """The format of a file from its first bytes, else from its extension."""
    head = data[:16]
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith((b"$FL2", b"$FL3")):
        return "sav"
    # old Stata formats start with the release byte (113..115) and a byte order 1 or 2
    if head.startswith(b"<stata_dta>") or (
        len(head) > 2 and head[0] in (113, 114, 115) and head[1] in (1, 2)
    ):
        return "dta"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    ext = path.suffix.lower().lstrip(".")
    if ext in ("xlsx", "xlsm"):
        return "xlsx"
    if ext in ("sav", "zsav", "dta", "xls", "ods"):
        return ext
    return "csv"


def read_file(path: str | os.PathLike[str], *, source: str | None = None) -> RawTable:
    """Read one import file (CSV, XLSX, SPSS ``.sav``, Stata ``.dta``) into a `RawTable`.

    Parameters
    ----------
    path : str or PathLike
        The file. Its format is detected from its first bytes, then from its extension.
    source : str, optional
        Name used in reports; the file name by default.

    Returns
    -------
    RawTable
        Header and rows as text, with the file hash and what was detected.

    Raises
    ------
    IntakeError
        The file cannot be read as a whole: missing, empty, undecodable, not a table, an old
        ``.xls``, a broken XLSX/SPSS/Stata file, an unterminated quote, a duplicated column...
    """
    p = Path(path)
    name = source or p.name
    if not p.is_file():
        raise _refuse(
            "file_not_found",
            f"fichier introuvable : {p}",
            f"file not found: {p}",
            name,
        )
    data = p.read_bytes()
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise _refuse(
            "empty_file",
            "le fichier est vide : il faut une ligne d'en-tête (noms de variables) puis une "
            "ligne par répondant",
            "the file is empty: it needs a header row (variable names) then one row per respondent",
            name,
        )
    fmt = sniff_format(p, data)
    digest = hashlib.sha256(data).hexdigest()
    if fmt == "csv":
        return _read_csv(data, name, digest)
    if fmt == "xlsx":
        return _read_xlsx(p, name, digest)
    if fmt in ("sav", "zsav"):
        return _read_stat(p, name, digest, "sav")
    if fmt == "dta":
        return _read_stat(p, name, digest, "dta")
    raise _refuse(
        "unsupported_format",
        f"format {fmt!r} non pris en charge : enregistrez le fichier en .xlsx ou en CSV UTF-8",
        f"unsupported format {fmt!r}: save the file as .xlsx or as UTF-8 CSV",
        name,
    )


# --------------------------------------------------------------------------- CSV


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(
            "encoding_utf16",
            "fichier en UTF-16 (« texte Unicode » d'Excel) : enregistrez-le en « CSV UTF-8 »",
            "UTF-16 file (Excel 'Unicode text'): save it as 'CSV UTF-8'",
            name,
        )
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise _refuse(
            "binary_file",
            "fichier binaire (octet nul) : ce n'est pas un CSV ; attendu CSV, XLSX, SAV ou DTA",
            "binary file (NUL byte): not a CSV; expected CSV, XLSX, SAV or DTA",
            name,
            line,
        )
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8"), "utf-8-sig"
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _refuse(
            "undecodable",
            f"encodage illisible (ni UTF-8 ni Windows-1252 : octet 0x{data[exc.start]:02X} "
            f"à la position {exc.start}) : réenregistrez le fichier en « CSV UTF-8 »",
            f"undecodable encoding (neither UTF-8 nor Windows-1252: byte "
            f"0x{data[exc.start]:02X} at offset {exc.start}): save the file again as 'CSV UTF-8'",
            name,
            line,
        ) from None


def _count_outside_quotes(line: str, sep: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            count += 1
    return count


def sniff_separator(header_line: str) -> str:
    """The separator of a CSV from its header line: the most frequent of ``;``, ``,``, tab."""
    counts = {sep: _count_outside_quotes(header_line, sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] > 0 else ","


def _clean_header(cells: Sequence[Cell]) -> tuple[str, ...]:
    return tuple(("" if c is None else str(c)).strip().strip("\ufeff").strip() for c in cells)


def _is_blank(cells: Sequence[Cell]) -> bool:
    return all(c is None or str(c).strip() == "" for c in cells)


def _table(
    records: Iterable[tuple[int, Sequence[Cell]]],
    name: str,
    fmt: str,
    digest: str,
    **extra: Any,
) -> RawTable:
    """Header = first non-blank record; empty rows are counted in notes, never kept."""
    header: tuple[str, ...] | None = None
    rows: list[tuple[Cell, ...]] = []
    numbers: list[int] = []
    blank = 0
    notes: list[str] = list(extra.pop("notes", []))
    for number, cells in records:
        if header is None:
            if _is_blank(cells):
                continue
            header = _clean_header(cells)
            if number != 1:
                notes.append(f"en-tête trouvé à la ligne {number} / header found on row {number}")
            continue
        if _is_blank(cells):
            blank += 1
            continue
        rows.append(tuple(None if c is None or c == "" else c for c in cells))
        numbers.append(number)
    if header is None:
        raise _refuse(
            "empty_file",
            "aucune ligne d'en-tête : le fichier ne contient que des lignes vides",
            "no header row: the file holds only blank rows",
            name,
        )
    if blank:
        notes.append(f"{blank} ligne(s) vide(s) ignorée(s) / {blank} empty row(s) ignored")
    return RawTable(
        source=name,
        format=fmt,
        header=header,
        rows=rows,
        row_numbers=numbers,
        sha256=digest,
        notes=notes,
        **extra,
    )


def _read_csv(data: bytes, name: str, digest: str) -> RawTable:
    text, encoding = _decode(data, name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    sep = sniff_separator(first)
    notes = []
    other = [s for s in _SEPARATORS if s != sep and _count_outside_quotes(first, s) > 0]
    if other and sep != "\t":
        notes.append(
            f"séparateur {sep!r} retenu ; l'en-tête contient aussi {other} / separator {sep!r} "
            f"chosen; the header also holds {other}"
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    records: list[tuple[int, list[Cell]]] = []
    number = 0
    try:
        for cells in reader:
            number += 1
            records.append((number, list(cells)))
    except csv.Error as exc:
        raise _refuse(
            "malformed_csv",
            f"CSV illisible après la ligne {reader.line_num} ({exc}) : un guillemet n'est "
            "probablement pas fermé ou le fichier est tronqué ; corrigez cette ligne",
            f"unreadable CSV after line {reader.line_num} ({exc}): a quote is probably not "
            "closed or the file is truncated; fix that line",
            name,
            number + 1,
        ) from None
    finally:
        csv.field_size_limit(old_limit)
    return _table(records, name, "csv", digest, encoding=encoding, separator=sep, notes=notes)


# --------------------------------------------------------------------------- XLSX


def _read_xlsx(path: Path, name: str, digest: str) -> RawTable:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise _refuse(
            "unreadable_xlsx",
            f"classeur XLSX illisible ({type(exc).__name__}: {exc}) : rouvrez-le dans un "
            "tableur et réenregistrez-le en .xlsx",
            f"unreadable XLSX workbook ({type(exc).__name__}: {exc}): open it in a "
            "spreadsheet and save it again as .xlsx",
            name,
        ) from None
    try:
        sheets = wb.sheetnames
        if not sheets:
            raise _refuse("empty_file", "classeur sans feuille", "workbook without a sheet", name)
        ws = wb[sheets[0]]
        try:
            records = [
                (i, [cell_text(v) for v in row])
                for i, row in enumerate(ws.iter_rows(values_only=True), start=1)
            ]
        except Exception as exc:
            raise _refuse(
                "unreadable_xlsx",
                f"feuille {sheets[0]!r} illisible ({type(exc).__name__}: {exc})",
                f"unreadable sheet {sheets[0]!r} ({type(exc).__name__}: {exc})",
                name,
            ) from None
    finally:
        wb.close()
    notes = []
    if len(sheets) > 1:
        notes.append(
            f"seule la première feuille ({sheets[0]!r}) est lue ; ignorées : {sheets[1:]} / "
            f"only the first sheet ({sheets[0]!r}) is read; ignored: {sheets[1:]}"
        )
    # openpyxl pads rows to the sheet width: trailing empty cells are not fields.
    trimmed = []
    for i, cells in records:
        while cells and cells[-1] is None:
            cells.pop()
        trimmed.append((i, cells))
    return _table(trimmed, name, "xlsx", digest, notes=notes)


# --------------------------------------------------------------------------- SPSS / Stata


def _read_stat(path: Path, name: str, digest: str, fmt: str) -> RawTable:
    import pyreadstat

    try:
        if fmt == "sav":
            df, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=True)
        else:
            df, meta = pyreadstat.read_dta(str(path), apply_value_formats=False)
    except Exception as exc:  # pyreadstat raises ReadstatError, PyreadstatError, OSError...
        kind = "SPSS (.sav)" if fmt == "sav" else "Stata (.dta)"
        raise _refuse(
            f"unreadable_{fmt}",
            f"fichier {kind} illisible ({exc}) : réexportez-le depuis le logiciel d'origine",
            f"unreadable {kind} file ({exc}): export it again from the original software",
            name,
        ) from None
    header = tuple(str(c) for c in df.columns)
    labels: dict[str, dict[str, str]] = {}
    for column, mapping in (meta.variable_value_labels or {}).items():
        labels[str(column).strip().lower()] = {
            str(cell_text(k)): str(v) for k, v in mapping.items()
        }
    records: list[tuple[int, list[Cell]]] = [(1, list(header))]
    values = df.astype(object).to_numpy()
    for i, row in enumerate(values, start=2):
        records.append((i, [cell_text(v) for v in row]))
    if len(records) == 1:
        return RawTable(name, fmt, _clean_header(header), [], [], digest, value_labels=labels)
    return _table(records, name, fmt, digest, value_labels=labels)


# --------------------------------------------------------------------------- DataFrame


def dataframe_sha256(df: pd.DataFrame) -> str:
    """Hash of a DataFrame's content (columns and cells as text), order included."""
    h = hashlib.sha256()
    h.update("\x1f".join(map(str, df.columns)).encode("utf-8"))
    for row in df.astype(object).itertuples(index=False, name=None):
        h.update(b"\x1e")
        h.update("\x1f".join("" if (c := cell_text(v)) is None else c for v in row).encode())
    return h.hexdigest()


def read_dataframe(df: pd.DataFrame, *, source: str = "dataframe") -> RawTable:
    """A DataFrame of contract-format rows as a `RawTable` (same path as a file).

    Row numbers are those a CSV export of the frame would show (first row = 2).
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df: expected a pandas DataFrame, got {type(df).__name__}")
    header = tuple(str(c) for c in df.columns)
    records: list[tuple[int, list[Cell]]] = [(1, list(header))]
    for i, row in enumerate(df.astype(object).itertuples(index=False, name=None), start=2):
        records.append((i, [cell_text(v) for v in row]))
    digest = dataframe_sha256(df)
    if not header:
        raise _refuse("empty_file", "tableau sans colonne", "table without a column", source)
    return _table(records, source, "dataframe", digest)
