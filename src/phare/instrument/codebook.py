"""The codebook of an instrument, variable by variable, French first (Markdown and HTML)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from phare.instrument.model import Instrument, Label, Variable

_TYPES = {
    "binary": "0/1 (coché / ticked)",
    "code": "code",
    "text": "texte libre / free text",
    "string": "chaîne / string",
    "integer": "entier / integer",
}


@dataclass(frozen=True)
class _Entry:
    name: str
    label: Label
    type: str
    codes: list[tuple[str, Label]]
    notes: list[str]


@dataclass(frozen=True)
class _Section:
    title: str
    text: Label | None
    entries: list[_Entry]
    notes: list[str]


def _entry(var: Variable) -> _Entry:
    codes = [(str(c), lab) for c, lab in var.codes.items()]
    codes += [(v, lab) for v, lab in var.values.items()]
    notes = []
    if var.dont_know is not None:
        notes.append(
            f"{var.dont_know} = ne sait pas : compté dans la base des pourcentages / "
            "don't know: counted in the base of shares"
        )
    if var.max_length is not None:
        notes.append(f"≤ {var.max_length} caractères / characters")
    if var.pattern is not None:
        notes.append(f"motif / pattern `{var.pattern}`")
    if var.required:
        notes.append("obligatoire / required")
    if var.asked_if is not None:
        notes.append(f"posée seulement si / asked only if {var.asked_if.describe()}")
    return _Entry(var.name, var.label, _TYPES[var.type], codes, notes)


def _sections(instrument: Instrument) -> list[_Section]:
    sections = [
        _Section(
            "Répondant et vague / Respondent and wave",
            None,
            [_entry(v) for v in instrument.respondent],
            [],
        )
    ]
    for q in instrument.questions:
        notes = [
            "Cellule vide = non posée ou sans réponse, hors base / empty = not asked or no answer, out of the base"
        ]
        if q.asked_if is not None:
            notes.append(
                f"Filtre / skip rule: posée seulement si / asked only if {q.asked_if.describe()}"
            )
        sections.append(_Section(q.id, q.text, [_entry(v) for v in q.variables], notes))
    sections.append(
        _Section(
            "Variables de la base de sondage (non posées) / Frame variables (not asked)",
            None,
            [_entry(v) for v in instrument.frame_variables],
            ["Reprises du répertoire des communes et des maires / taken from the frame"],
        )
    )
    return sections


def _md(text: str) -> str:
    """Escape the pipe that would split a Markdown table cell."""
    return text.replace("|", "\\|")


def codebook_markdown(instrument: Instrument) -> str:
    """The codebook as Markdown: one table per question, then frame variables and indicators."""
    lines = [
        f"# {instrument.title.fr}",
        "",
        f"*{instrument.title.en}* — `{instrument.id}` version {instrument.version}",
        "",
        "Dictionnaire des variables / Codebook. Ordre des colonnes d'import et d'export / "
        "column order of imports and exports: "
        + ", ".join(f"`{n}`" for n in instrument.column_order()[:4])
        + ", puis les questions / then the questions.",
        "",
    ]
    for sec in _sections(instrument):
        lines += [f"## {sec.title}", ""]
        if sec.text is not None:
            lines += [f"**{sec.text.fr}**", "", f"*{sec.text.en}*", ""]
        for note in sec.notes:
            lines += [f"> {note}", ""]
        lines += [
            "| variable | libellé / label | type | codes | notes |",
            "|---|---|---|---|---|",
        ]
        for e in sec.entries:
            codes = "<br>".join(f"{c} = {lab.fr} / {lab.en}" for c, lab in e.codes)
            label = f"{e.label.fr}<br>*{e.label.en}*"
            notes = _md("<br>".join(e.notes))
            lines.append(f"| `{e.name}` | {label} | {e.type} | {codes} | {notes} |")
        lines.append("")
    lines += [
        "## Indicateurs dérivés / Derived indicators",
        "",
        "1 / 0 / vide (hors base) ; / 1 / 0 / empty (out of the base).",
        "",
        "| indicateur / indicator | libellé / label | définition / definition |",
        "|---|---|---|",
    ]
    for ind in instrument.indicators:
        lines.append(f"| `{ind.name}` | {ind.label.fr}<br>*{ind.label.en}* | {ind.definition} |")
    lines.append("")
    return "\n".join(lines)


def codebook_html(instrument: Instrument) -> str:
    """The codebook as a standalone HTML page (no external resources)."""
    h = escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="fr"><head><meta charset="utf-8">',
        f"<title>{h(instrument.title.fr)} — dictionnaire des variables</title>",
        "<style>body{font-family:sans-serif;max-width:70em;margin:auto;padding:1em}"
        "table{border-collapse:collapse;width:100%;margin-bottom:1.5em}"
        "td,th{border:1px solid #bbb;padding:.3em;vertical-align:top;text-align:left}"
        "code{font-size:.95em}.en{color:#555;font-style:italic}</style>",
        "</head><body>",
        f"<h1>{h(instrument.title.fr)}</h1>",
        f'<p class="en" lang="en">{h(instrument.title.en)}</p>',
        f"<p><code>{h(instrument.id)}</code> version {h(instrument.version)}</p>",
    ]
    for sec in _sections(instrument):
        parts.append(f"<h2>{h(sec.title)}</h2>")
        if sec.text is not None:
            parts.append(f"<p><strong>{h(sec.text.fr)}</strong></p>")
            parts.append(f'<p class="en" lang="en">{h(sec.text.en)}</p>')
        for note in sec.notes:
            parts.append(f"<p><small>{h(note)}</small></p>")
        parts.append(
            "<table><thead><tr><th>variable</th><th>libellé / label</th><th>type</th>"
            "<th>codes</th><th>notes</th></tr></thead><tbody>"
        )
        for e in sec.entries:
            codes = "<br>".join(
                f'{h(c)} = {h(lab.fr)} <span class="en">/ {h(lab.en)}</span>' for c, lab in e.codes
            )
            parts.append(
                f'<tr id="{h(e.name)}"><td><code>{h(e.name)}</code></td>'
                f'<td>{h(e.label.fr)}<br><span class="en">{h(e.label.en)}</span></td>'
                f"<td>{h(e.type)}</td><td>{codes}</td>"
                f"<td>{'<br>'.join(h(n) for n in e.notes)}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append("<h2>Indicateurs dérivés / Derived indicators</h2>")
    parts.append(
        "<table><thead><tr><th>indicateur / indicator</th><th>libellé / label</th>"
        "<th>définition / definition</th></tr></thead><tbody>"
    )
    for ind in instrument.indicators:
        parts.append(
            f'<tr id="{h(ind.name)}"><td><code>{h(ind.name)}</code></td>'
            f'<td>{h(ind.label.fr)}<br><span class="en">{h(ind.label.en)}</span></td>'
            f"<td>{h(ind.definition)}</td></tr>"
        )
    parts += ["</tbody></table>", "</body></html>", ""]
    return "\n".join(parts)
