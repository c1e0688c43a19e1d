"""Write every output of a wave into a directory: HTML, PDF, summary, workbook, specs, JSON.

The documents exist in French (``phare-<wave>-rapport.html``, ``-en-quelques-mots``,
``-tableaux.xlsx``) and in English (``phare-<wave>-report-en.html``, ``-in-brief-en``,
``-tables-en.xlsx``, ``-charts-en.vl.json``); ``langs`` chooses which. The results JSON and
the typology model have no language and are written once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from phare.publish.charts import bar_spec, choropleth_spec
from phare.publish.html import render_report_html, render_summary_html
from phare.publish.i18n import LANGS, lang_of
from phare.publish.pdf import html_to_pdf
from phare.publish.xlsx import write_workbook
from phare.study.results import NATIONAL, WaveResults, row_id

FORMATS = ("html", "pdf", "xlsx", "json", "specs")

STEMS = {
    "fr": {"report": "rapport", "summary": "en-quelques-mots", "workbook": "tableaux"},
    "en": {"report": "report-en", "summary": "in-brief-en", "workbook": "tables-en"},
}
"""File names of the documents in each language (after ``phare-<wave>-``)."""


@dataclass(frozen=True)
class ReportFiles:
    """Paths of the files written by :func:`write_report`."""

    report_html: Path | None = None
    summary_html: Path | None = None
    report_pdf: Path | None = None
    summary_pdf: Path | None = None
    workbook: Path | None = None
    results_json: Path | None = None
    chart_specs: Path | None = None
    typology_model: Path | None = None
    report_html_en: Path | None = None
    summary_html_en: Path | None = None
    report_pdf_en: Path | None = None
    summary_pdf_en: Path | None = None
    workbook_en: Path | None = None
    chart_specs_en: Path | None = None

    def all(self) -> list[Path]:
        return [p for p in self.__dict__.values() if p is not None]


def chart_specs(results: WaveResults, lang: str = "fr") -> dict[str, dict]:
    """The Vega-Lite specs of the key charts (data inline), reusable by a dashboard.

    ``lang`` (``"fr"`` or ``"en"``) chooses the titles, labels and number formats.
    """
    words = lang_of(lang)
    specs: dict[str, dict] = {}
    index = {r.id: r for r in results.estimates}
    for lesson in results.lessons:
        rows = [index[i] for i in lesson.chart_rows if i in index]
        if rows:
            specs[f"lecon_{lesson.number}_{lesson.code}"] = bar_spec(
                results, rows, title=words.label(lesson, "title"), lang=words.code
            )
    for variable in ("innov_agree", "coco_ancree_agree", "role_mairie_iaa"):
        if row_id(variable, NATIONAL, "ensemble") in index:
            spec = choropleth_spec(
                results,
                variable,
                title=words.label(results.indicator(variable)),
                lang=words.code,
            )
            if spec is not None:
                specs[f"carte_{variable}"] = spec
    return specs


def write_report(
    results: WaveResults,
    out_dir: Path | str,
    *,
    build_date: str,
    formats: tuple[str, ...] = FORMATS,
    on_step: Callable[[str], None] | None = None,
    langs: tuple[str, ...] = ("fr",),
) -> ReportFiles:
    """Write the outputs of ``results`` into ``out_dir``.

    Parameters
    ----------
    results : WaveResults
    out_dir : path
        Created when missing.
    build_date : str
        ISO date printed on the documents and stored in the PDF and XLSX metadata; the only
        thing that differs between two builds of the same results.
    formats : tuple of str
        Among ``html`` (report and summary), ``pdf`` (both), ``xlsx``, ``json`` (the results),
        ``specs`` (Vega-Lite specifications). With ``json``, a fitted typology's frozen model
        is also written (``phare-<wave>-typologie.json``, for ``phare report
        --typology-model`` on a later wave).
    on_step : callable, optional
        Called with the name of each step as it begins, among ``"html"`` (rendering both
        documents), ``"report_pdf"``, ``"summary_pdf"``, ``"xlsx"``, ``"json"``, ``"specs"``
        (in this order, only those the formats need), then for the English edition
        ``"html_en"``, ``"report_pdf_en"``, ``"summary_pdf_en"``, ``"xlsx_en"``. For progress
        display only: the files are the same.
    langs : tuple of str
        Editions of the documents (HTML, PDF, XLSX), among ``"fr"`` (default; file names
        unchanged) and ``"en"`` (``phare-<wave>-report-en.html``, ``-report-en.pdf``,
        ``-in-brief-en.html``/``.pdf``, ``-tables-en.xlsx``, ``-charts-en.vl.json``;
        ``ReportFiles.*_en``).
    """
    step = on_step or (lambda name: None)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"formats: unknown {sorted(unknown)}; expected among {FORMATS}")
    if not langs or set(langs) - set(LANGS):
        raise ValueError(f"langs: got {list(langs)}; expected one or more of {LANGS}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"phare-{results.metadata.wave}"
    files: dict[str, Path] = {}
    for lang in (code for code in LANGS if code in langs):
        tag = "" if lang == "fr" else f"_{lang}"
        names = STEMS[lang]
        if "html" in formats or "pdf" in formats:
            step(f"html{tag}")
            report = render_report_html(results, build_date, lang)
            summary = render_summary_html(results, build_date, lang)
            if "html" in formats:
                files[f"report_html{tag}"] = out / f"{stem}-{names['report']}.html"
                files[f"report_html{tag}"].write_text(report, encoding="utf-8")
                files[f"summary_html{tag}"] = out / f"{stem}-{names['summary']}.html"
                files[f"summary_html{tag}"].write_text(summary, encoding="utf-8")
            if "pdf" in formats:
                step(f"report_pdf{tag}")
                files[f"report_pdf{tag}"] = html_to_pdf(
                    report, out / f"{stem}-{names['report']}.pdf"
                )
                step(f"summary_pdf{tag}")
                files[f"summary_pdf{tag}"] = html_to_pdf(
                    summary, out / f"{stem}-{names['summary']}.pdf"
                )
        if "xlsx" in formats:
            step(f"xlsx{tag}")
            files[f"workbook{tag}"] = write_workbook(
                results, out / f"{stem}-{names['workbook']}.xlsx", build_date, lang
            )
    if "json" in formats:
        step("json")
        files["results_json"] = out / f"{stem}-resultats.json"
        files["results_json"].write_text(results.to_json(indent=1), encoding="utf-8")
        if results.typology.model is not None:
            files["typology_model"] = out / f"{stem}-typologie.json"
            files["typology_model"].write_text(
                json.dumps(results.typology.model, ensure_ascii=False, indent=1),
                encoding="utf-8",
            )
    if "specs" in formats:
        step("specs")
        for lang in (code for code in LANGS if code in langs):
            key, name = (
                ("chart_specs", "graphiques") if lang == "fr" else ("chart_specs_en", "charts-en")
            )
            files[key] = out / f"{stem}-{name}.vl.json"
            files[key].write_text(
                json.dumps(
                    chart_specs(results, lang), ensure_ascii=False, sort_keys=True, indent=1
                ),
                encoding="utf-8",
            )
    return ReportFiles(**files)
