"""Validation of a `RawTable` against the instrument and the frame of communes.

The rules are those of the data contract (``instrument.md``, "Intake rules where real files
deviate"); ``docs/intake.md`` lists every problem code. The function never drops a row: each
data row ends either accepted (possibly with warnings) or quarantined with its reasons.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from phare.frame import CommuneResolution, resolve_commune
from phare.instrument import Instrument, Variable, load_instrument
from phare.responses.errors import IntakeError
from phare.responses.raw import Cell, RawTable
from phare.responses.report import AcceptedRow, IntakeReport, Problem, QuarantinedRow, shown

WAVE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
RESPONDENT_ID_MAX = 100
ANNOTATION_PREFIX = "phare_"
"""Columns written by ``quarantine export`` (reasons, quarantine id): read, never data."""

Resolver = Callable[[str], CommuneResolution]


@dataclass(frozen=True)
class StoredKeys:
    """What a wave already holds, for duplicate checks against the store.

    `communes` maps a commune code to the respondent id stored for it.
    """

    communes: Mapping[str, str] = field(default_factory=dict)
    respondent_ids: frozenset[str] = frozenset()


def check_wave(wave: object, parameter: str = "wave") -> str:
    """A wave label: 1 to 32 characters, letters, digits, ``_ . -`` (e.g. ``"2017"``)."""
    if not isinstance(wave, str) or not WAVE_PATTERN.fullmatch(wave):
        raise ValueError(
            f"{parameter}: expected a wave label of 1-32 letters, digits, '_', '.', '-' "
            f"(e.g. '2026'), got {wave!r}"
        )
    return wave


def _norm_label(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return " ".join(text.split())


def _label_codes(var: Variable) -> dict[str, int]:
    out: dict[str, int] = {}
    for code, label in var.codes.items():
        out[_norm_label(label.fr)] = code
        out[_norm_label(label.en)] = code
    return out


class _Checker:
    """Per-column value checks with a cache (few distinct values per column)."""

    def __init__(self, var: Variable, file_labels: Mapping[str, str] | None):
        self.var = var
        self.labels = _label_codes(var) if var.codes else {}
        self.cache: dict[Cell, tuple[bool, int | str | None, str | None]] = {}
        self.recoded: dict[str, int] = {}
        self.file_map: dict[str, int] = {}
        self.file_mismatch: dict[str, str] = {}
        for value, label in (file_labels or {}).items():
            code = self.labels.get(_norm_label(label))
            if code is None:
                self.file_mismatch[value] = label
            elif str(code) != value:
                self.file_map[value] = code

    def __call__(self, cell: Cell) -> tuple[bool, int | str | None, str | None]:
        """(ok, normalised value, how it was read when it was read through a label)."""
        try:
            return self.cache[cell]
        except KeyError:
            pass
        result: tuple[bool, int | str | None, str | None]
        if cell is not None and cell in self.file_map:
            result = (True, self.file_map[cell], None)
        else:
            check = self.var.check(cell)
            result = (check.ok, check.value, None)
            if not check.ok and self.labels and cell is not None:
                code = self.labels.get(_norm_label(cell))
                if code is not None:
                    result = (True, code, cell)
                    self.recoded[cell] = code
        self.cache[cell] = result
        return result


def _missing_commune(raw: RawTable, header: list[str]) -> IntakeError:
    hint_fr = hint_en = ""
    first = header[0] if header else ""
    if first and (first[:1].isdigit() or resolve_commune(first).resolved):
        hint_fr = " ; la première ligne ressemble à des données : ajoutez une ligne d'en-tête"
        hint_en = "; the first row looks like data: add a header row"
    return IntakeError(
        "missing_commune_column",
        f"colonne « commune » absente (colonnes trouvées : {list(raw.header)[:12]}){hint_fr} ; "
        "la première ligne doit donner les noms de variables, dont « commune » (code INSEE) / "
        f"no 'commune' column (columns found: {list(raw.header)[:12]}){hint_en}; the first "
        "row must hold the variable names, 'commune' (INSEE code) among them",
        file=raw.source,
        row=1,
    )


def validate(
    raw: RawTable,
    instrument: Instrument | None = None,
    wave: str | None = None,
    *,
    resolve: Resolver | None = None,
    stored: StoredKeys | None = None,
) -> IntakeReport:
    """Check every row of `raw` against the instrument and the frame.

    Parameters
    ----------
    raw : RawTable
        A file as read by `read_file` (or a DataFrame by `read_dataframe`).
    instrument : Instrument, optional
        The questionnaire model; the shipped PHARE-Institutions instrument by default.
    wave : str, optional
        The wave the rows belong to; when omitted, the file's ``wave`` column must hold one
        single value.
    resolve : callable, optional
        Commune-code resolver; `phare.frame.resolve_commune` by default.
    stored : StoredKeys, optional
        Communes and respondent ids already stored in the wave (a second answer for one of
        them is quarantined, never overwrites).

    Returns
    -------
    IntakeReport
        Accepted rows (normalised), quarantined rows with reasons, warnings, unknown columns.

    Raises
    ------
    IntakeError
        Whole-file refusal: no ``commune`` column, no data row, a duplicated column name, no
        wave given nor found.
    """
    inst = instrument if instrument is not None else load_instrument()
    resolver = resolve if resolve is not None else resolve_commune
    stored = stored or StoredKeys()
    file = raw.source
    header = [h.lower() for h in raw.header]

    contract = inst.column_order()
    known = set(contract)
    frame_names = {v.name for v in inst.frame_variables}
    indicator_names = {i.name for i in inst.indicators}
    warnings: list[Problem] = [
        Problem(code="reading_note", severity="info", file=file, message=n) for n in raw.notes
    ]

    seen: dict[str, int] = {}
    for j, name in enumerate(header):
        if name in known and name in seen:
            raise IntakeError(
                "duplicate_column",
                f"la colonne {name!r} apparaît deux fois (colonnes {seen[name] + 1} et {j + 1}) "
                ": supprimez ou renommez l'une des deux / column {name!r} appears twice "
                f"(columns {seen[name] + 1} and {j + 1}): remove or rename one of them",
                file=file,
                row=1,
            )
        seen.setdefault(name, j)
    if "commune" not in seen:
        raise _missing_commune(raw, header)
    if raw.n_rows == 0:
        raise IntakeError(
            "no_data_row",
            "aucune ligne de données sous l'en-tête : ajoutez une ligne par répondant / "
            "no data row below the header: add one row per respondent",
            file=file,
        )

    # ---- columns: contract, unknown (kept aside), annotations, unnamed empty
    names: list[str] = []
    unknown: list[str] = []
    for j, name in enumerate(header):
        if name == "":
            if all(j >= len(r) or r[j] is None for r in raw.rows):
                names.append("")
                continue
            name = f"colonne_{j + 1}"
        names.append(name)
        if name in known or name.startswith(ANNOTATION_PREFIX) or name in unknown:
            continue
        unknown.append(name)
        if name in frame_names:
            msg = (
                "variable de la base de sondage : reprise du référentiel des communes, la "
                "valeur du fichier est mise de côté / frame variable: taken from the register "
                "of communes, the file's value is kept aside"
            )
        elif name in indicator_names:
            msg = (
                "indicateur dérivé : recalculé par phare, la valeur du fichier est mise de "
                "côté / derived indicator: recomputed by phare, the file's value is kept aside"
            )
        else:
            msg = (
                "colonne inconnue du questionnaire : signalée et mise de côté (conservée avec "
                "la ligne) / column unknown to the instrument: reported and kept aside"
            )
        warnings.append(
            Problem(
                code="unknown_column",
                severity="warning",
                file=file,
                row=1,
                column=name,
                expected="une variable du questionnaire / a variable of the instrument",
                message=msg,
            )
        )
    absent = [c for c in contract if c not in seen and c not in ("wave", "respondent_id", "mode")]
    if absent:
        shown_absent = ", ".join(absent[:8]) + (
            f" … (+{len(absent) - 8})" if len(absent) > 8 else ""
        )
        warnings.append(
            Problem(
                code="absent_columns",
                severity="info",
                file=file,
                message=f"{len(absent)} variable(s) absente(s), lues comme vides : {shown_absent} "
                f"/ {len(absent)} variable(s) absent, read as empty",
            )
        )

    # ---- wave
    wave_col = seen.get("wave")
    if wave is None:
        found_waves = {
            str(r[wave_col]).strip()
            for r in raw.rows
            if wave_col is not None and wave_col < len(r) and r[wave_col] is not None
        }
        if len(found_waves) != 1:
            raise IntakeError(
                "wave_missing",
                f"vague non précisée : donnez --wave (valeurs de la colonne « wave » : "
                f"{sorted(found_waves)[:5]}) / wave not given: pass --wave (values of the "
                f"'wave' column: {sorted(found_waves)[:5]})",
                file=file,
            )
        wave = found_waves.pop()
        try:
            check_wave(wave)
        except ValueError as exc:
            raise IntakeError("wave_invalid", str(exc), file=file) from None
    else:
        check_wave(wave)

    variables = [*inst.respondent, *inst.asked_variables]
    by_name = {v.name: v for v in variables}
    checkers = {
        v.name: _Checker(v, raw.value_labels.get(v.name))
        for v in variables
        if v.name in seen and v.name not in ("commune", "wave")
    }
    asked_if = [v for v in inst.asked_variables if v.asked_if is not None]

    # ---- rows
    n_header = len(header)
    # a row may stop before trailing unnamed empty columns (a header ending with a separator)
    n_required = max((j + 1 for j, name in enumerate(names) if name != ""), default=0)
    rows_state: list[dict[str, Any]] = []
    for number, cells in zip(raw.row_numbers, raw.rows, strict=True):
        found = _Findings(file, number)
        errors, warns, err, warn = found.errors, found.warnings, found.err, found.warn

        raw_cells: dict[str, Cell] = {}
        for j, cell in enumerate(cells):
            key = raw.header[j] if j < n_header and raw.header[j] else f"colonne_{j + 1}"
            if key in raw_cells:
                key = f"{key}_{j + 1}"
            raw_cells[key] = cell
        extra_cells = [c for c in cells[n_header:] if c is not None and c.strip() != ""]
        if (raw.format == "csv" and len(cells) < n_required) or extra_cells:
            err(
                "wrong_field_count",
                None,
                f"{len(cells)}",
                f"{n_header} champs comme l'en-tête / {n_header} fields like the header",
                "nombre de champs différent de l'en-tête (séparateurs mélangés, guillemet, "
                "ligne tronquée ?) / field count differs from the header (mixed separators, "
                "quote, truncated line?)",
            )

        def cell_of(name: str, _cells: tuple[Cell, ...] = cells) -> Cell:
            j = seen.get(name)
            return _cells[j] if j is not None and j < len(_cells) else None

        values: dict[str, int | str | None] = {}
        # wave
        given_wave = cell_of("wave")
        if given_wave is not None and given_wave.strip() != wave:
            err(
                "wave_mismatch",
                "wave",
                given_wave,
                wave,
                "la ligne appartient à une autre vague / the row belongs to another wave",
            )
        values["wave"] = wave
        # commune
        commune_input = cell_of("commune")
        commune: str | None = None
        if commune_input is None or commune_input.strip() == "":
            err(
                "commune_missing",
                "commune",
                commune_input,
                "code INSEE de la commune / INSEE commune code",
                "code commune manquant / commune code missing",
            )
        else:
            res = resolver(commune_input)
            if res.code is None:
                err(
                    f"commune_{res.status}",
                    "commune",
                    commune_input,
                    "code INSEE d'une commune actuelle / INSEE code of a current commune",
                    res.message,
                )
            else:
                commune = res.code
                if res.status != "current":
                    warn(
                        f"commune_{res.status}",
                        "commune",
                        commune_input,
                        res.message,
                        expected="code INSEE à 5 caractères d'une commune actuelle / 5-character "
                        "INSEE code of a current commune",
                    )
        values["commune"] = commune
        # respondent variables and questions
        for name, check in checkers.items():
            cell = cell_of(name)
            ok, value, via_label = check(cell)
            var = by_name[name]
            if not ok:
                if var.max_length is not None and cell is not None and len(cell) > var.max_length:
                    err(
                        "text_too_long",
                        name,
                        cell,
                        f"≤ {var.max_length} caractères / characters",
                        f"{len(cell):,} caractères, au-delà de {var.max_length} / "
                        f"{len(cell):,} characters, over {var.max_length}",
                    )
                else:
                    err(
                        "out_of_codes",
                        name,
                        cell,
                        var.expected(),
                        "valeur hors des modalités prévues / value outside the item's codes",
                    )
                value = None
            values[name] = value
        rid = values.get("respondent_id")
        if isinstance(rid, str) and len(rid) > RESPONDENT_ID_MAX:
            err(
                "respondent_id_too_long",
                "respondent_id",
                rid,
                f"≤ {RESPONDENT_ID_MAX} caractères / characters",
                "identifiant trop long / identifier too long",
            )
        # skip rules (Q6): blank an answer given when the question was not asked
        for var in asked_if:
            cond = var.asked_if
            assert cond is not None
            if values.get(var.name) is not None and values.get(cond.variable) not in cond.in_:
                warn(
                    "not_asked_blanked",
                    var.name,
                    cell_of(var.name),
                    f"{var.question} posée seulement si {cond.describe()} "
                    f"({cond.variable} = {values.get(cond.variable)}) : réponse effacée / "
                    f"{var.question} asked only if {cond.describe()}: answer blanked",
                    expected=f"vide sauf si {cond.describe()} / empty unless {cond.describe()}",
                )
                values[var.name] = None
        extras: dict[str, Cell] = {}
        for j, name in enumerate(names):
            if name in unknown and j < len(cells):
                key = raw.header[j] or name
                extras[key if key not in extras else f"{key}_{j + 1}"] = cells[j]
        annotations = {
            name: cells[j]
            for j, name in enumerate(names)
            if name.startswith(ANNOTATION_PREFIX) and j < len(cells)
        }
        rows_state.append(
            {
                "row": number,
                "values": values,
                "extras": extras,
                "annotations": annotations,
                "raw": raw_cells,
                "errors": errors,
                "warnings": warns,
                "commune_input": commune_input,
            }
        )

    _flag_duplicates(rows_state, file, "commune")
    _flag_duplicates(rows_state, file, "respondent_id")
    for st in rows_state:
        v = st["values"]
        if v["commune"] is not None and v["commune"] in stored.communes:
            _row_error(
                st,
                file,
                "commune",
                v["commune"],
                "already_stored",
                "une commune pas encore enregistrée dans la vague / a commune not yet stored in "
                "the wave",
                f"commune déjà enregistrée dans la vague {wave} (répondant "
                f"{stored.communes[v['commune']]}) / commune already stored in wave {wave}",
            )
        rid = v.get("respondent_id")
        if rid is not None and rid in stored.respondent_ids:
            _row_error(
                st,
                file,
                "respondent_id",
                rid,
                "already_stored",
                "un identifiant nouveau dans la vague / an id new in the wave",
                f"répondant déjà enregistré dans la vague {wave} / respondent already stored in "
                f"wave {wave}",
            )

    accepted: list[AcceptedRow] = []
    quarantined: list[QuarantinedRow] = []
    row_warnings: list[Problem] = []
    ids_taken = set(stored.respondent_ids) | {
        st["values"]["respondent_id"]
        for st in rows_state
        if st["values"].get("respondent_id") is not None
    }
    for st in rows_state:
        v = st["values"]
        row_warnings.extend(st["warnings"])
        if st["errors"]:
            quarantined.append(
                QuarantinedRow(
                    row=st["row"],
                    raw=st["raw"],
                    reasons=st["errors"],
                    commune=v.get("commune"),
                    respondent_id=_text_or_none(v.get("respondent_id")),
                )
            )
            continue
        if v.get("respondent_id") is None:
            rid = f"{wave}-{v['commune']}"
            while rid in ids_taken:
                rid += "_"
            ids_taken.add(rid)
            v["respondent_id"] = rid
        accepted.append(
            AcceptedRow(
                row=st["row"],
                values={c: v.get(c) for c in contract},
                extras=st["extras"],
                annotations=st["annotations"],
                commune_input=st["commune_input"],
            )
        )

    for name, check in checkers.items():
        if check.recoded:
            pairs = ", ".join(f"{k!r} → {c}" for k, c in list(check.recoded.items())[:6])
            warnings.append(
                Problem(
                    code="value_as_label",
                    severity="warning",
                    file=file,
                    column=name,
                    message=f"libellés convertis en codes : {pairs} / labels read as codes",
                )
            )
        if check.file_map:
            pairs = ", ".join(f"{k} → {c}" for k, c in check.file_map.items())
            warnings.append(
                Problem(
                    code="recoded_by_label",
                    severity="warning",
                    file=file,
                    column=name,
                    message=f"codes du fichier lus selon leurs étiquettes : {pairs} / file "
                    "codes read through their value labels",
                )
            )
        if check.file_mismatch:
            pairs = ", ".join(f"{k}={lab!r}" for k, lab in list(check.file_mismatch.items())[:6])
            warnings.append(
                Problem(
                    code="label_mismatch",
                    severity="info",
                    file=file,
                    column=name,
                    message=f"étiquettes du fichier différentes du questionnaire, codes gardés : "
                    f"{pairs} / file value labels differ from the instrument, codes kept",
                )
            )

    report = IntakeReport(
        file=file,
        format=raw.format,
        wave=wave,
        sha256=raw.sha256,
        instrument=f"{inst.id} {inst.version}",
        encoding=raw.encoding,
        separator=raw.separator,
        rows_in=raw.n_rows,
        unknown_columns=unknown,
        accepted=accepted,
        quarantined=quarantined,
        warnings=[*warnings, *row_warnings],
        errors=[p for q in quarantined for p in q.reasons],
        n_accepted=len(accepted),
        n_quarantined=len(quarantined),
    )
    assert report.rows_in == report.n_accepted + report.n_quarantined
    return report


class _Findings:
    """Errors and warnings of one row."""

    def __init__(self, file: str, row: int) -> None:
        self.file = file
        self.row = row
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def _problem(
        self,
        severity: Literal["error", "warning"],
        code: str,
        column: str | None,
        value: Cell,
        expected: str | None,
        msg: str,
    ) -> Problem:
        return Problem(
            code=code,
            severity=severity,
            file=self.file,
            row=self.row,
            column=column,
            value=shown(value),
            expected=expected,
            message=msg,
        )

    def err(
        self, code: str, column: str | None, value: Cell, expected: str | None, msg: str
    ) -> None:
        self.errors.append(self._problem("error", code, column, value, expected, msg))

    def warn(
        self, code: str, column: str | None, value: Cell, msg: str, expected: str | None = None
    ) -> None:
        self.warnings.append(self._problem("warning", code, column, value, expected, msg))


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def _flag_duplicates(rows: list[dict[str, Any]], file: str, column: str) -> None:
    """Same key twice: exact duplicates after the first are quarantined; different answers
    for one key send every row of that key to quarantine."""
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for st in rows:
        key = st["values"].get(column)
        if key is not None:
            groups[key].append(st)
    for key, group in groups.items():
        if len(group) < 2:
            continue
        contents = [
            (tuple(sorted(st["values"].items(), key=lambda kv: kv[0])), tuple(st["extras"].items()))
            for st in group
        ]
        first_row = group[0]["row"]
        one_row = f"une seule ligne par {column} / one row per {column}"
        if len(set(map(repr, contents))) == 1:
            for st in group[1:]:
                _row_error(
                    st,
                    file,
                    column,
                    key,
                    "duplicate_exact",
                    one_row,
                    f"doublon exact de la ligne {first_row} / exact duplicate of row {first_row}",
                )
        else:
            others = [st["row"] for st in group]
            for st in group:
                _row_error(
                    st,
                    file,
                    column,
                    key,
                    "duplicate_conflict",
                    one_row,
                    f"{column} {key} présent aux lignes {others} avec des réponses "
                    f"différentes : toutes en quarantaine / {column} {key} on rows {others} "
                    "with different answers: all quarantined",
                )


def _row_error(
    st: dict[str, Any],
    file: str,
    column: str,
    value: Any,
    code: str,
    expected: str,
    message: str,
) -> None:
    """Add an error about ``column`` to the state ``st`` of a row (which sends it to quarantine)."""
    st["errors"].append(
        Problem(
            code=code,
            severity="error",
            file=file,
            row=st["row"],
            column=column,
            value=str(value),
            expected=expected,
            message=message,
        )
    )
