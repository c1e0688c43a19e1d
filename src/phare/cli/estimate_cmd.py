"""`phare estimate`: survey estimates from a CSV file (generic, any survey).

A CSV in, the design columns and the variables named by options (``--mean``, ``--total``,
``--proportion``, ``--ratio y/x``), optional calibration margins
from a file, estimates out as JSON (typed ``EstimateTable`` results) or CSV.

Examples (R ``survey``'s own api data)::

    phare estimate tests/data/api/apistrat.csv --weights pw --strata stype --fpc fpc \\
        --mean api00 --total enroll
    phare estimate tests/data/api/apiclus1.csv --weights pw --ids dnum --fpc fpc \\
        --proportion stype --by sch.wide --ci-method beta
    phare estimate tests/data/api/apiclus1.csv --weights pw --ids dnum --fpc fpc \\
        --margins tests/data/api/apipop_margins.csv --calibration raking --mean api00
"""

from __future__ import annotations

import json
import math
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from phare.cli._common import fail

if TYPE_CHECKING:
    import pandas as pd

    from phare.stats import DesignSpec, EstimateTable


class Calibration(StrEnum):
    """Calibration method."""

    linear = "linear"
    raking = "raking"
    logit = "logit"


class CiMethod(StrEnum):
    """Interval method for proportions."""

    logit = "logit"
    beta = "beta"
    wald = "wald"


class LonelyPsu(StrEnum):
    """Policy for a stratum with a single PSU."""

    fail = "fail"
    remove = "remove"
    adjust = "adjust"
    certainty = "certainty"


class OutputFormat(StrEnum):
    """Output format."""

    json = "json"
    csv = "csv"


def _spec(
    design_file: Path | None,
    design: str | None,
    weights: str | None,
    strata: str | None,
    ids: list[str],
    fpc: str | None,
    nest: bool,
    lonely_psu: LonelyPsu,
) -> DesignSpec:
    from phare.stats import DesignSpec, SurveyError, load_design_specs

    if design_file is None:
        return DesignSpec(
            weights=weights,
            strata=strata,
            ids=ids,
            fpc=fpc,
            nest=nest,
            lonely_psu=lonely_psu.value,
        )
    specs = load_design_specs(design_file)
    if design is None and len(specs) == 1:
        design = next(iter(specs))
    if design not in specs:
        raise SurveyError(
            "Plan inconnu dans le fichier / unknown design in the file",
            code="design.unknown_design",
            parameter="--design",
            expected=" | ".join(specs),
            received=design,
        )
    return specs[design]


def _read(path: Path, text_columns: set[str]) -> pd.DataFrame:
    import pandas as pd

    from phare.stats import SurveyError

    if not path.exists():
        raise SurveyError(
            "Fichier introuvable / file not found",
            code="input.not_found",
            parameter="DATA",
            expected="an existing CSV file",
            received=str(path),
        )
    header = pd.read_csv(path, nrows=0).columns
    dtype = {c: str for c in text_columns if c in header}
    return pd.read_csv(path, dtype=dtype, keep_default_na=True)


def _csv_value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def estimate(
    data: Annotated[Path, typer.Argument(help="Fichier CSV des réponses / CSV file of responses.")],
    weights: Annotated[str | None, typer.Option(help="Colonne des poids / weights column.")] = None,
    strata: Annotated[str | None, typer.Option(help="Colonne des strates / strata column.")] = None,
    ids: Annotated[
        list[str] | None,
        typer.Option("--ids", help="Colonne des unités primaires (UP) / PSU column."),
    ] = None,
    fpc: Annotated[
        str | None,
        typer.Option(
            help="Taille de la population ou taux de sondage / population size or fraction."
        ),
    ] = None,
    nest: Annotated[
        bool, typer.Option(help="UP numérotées dans chaque strate / PSU ids unique within strata.")
    ] = False,
    lonely_psu: Annotated[
        LonelyPsu,
        typer.Option(
            help="Strate à une seule UP / stratum with one PSU: fail, remove, adjust, certainty."
        ),
    ] = LonelyPsu.fail,
    design_file: Annotated[
        Path | None,
        typer.Option(
            help="Fichier YAML/JSON de plans nommés / YAML or JSON file of named designs."
        ),
    ] = None,
    design: Annotated[
        str | None, typer.Option(help="Nom du plan dans --design-file / design name in the file.")
    ] = None,
    mean_: Annotated[
        list[str] | None,
        typer.Option("--mean", help="Variable dont estimer la moyenne / variable to average."),
    ] = None,
    total_: Annotated[
        list[str] | None,
        typer.Option("--total", help="Variable dont estimer le total / variable to total."),
    ] = None,
    proportion_: Annotated[
        list[str] | None,
        typer.Option(
            "--proportion", help="Variable dont estimer les proportions / categorical variable."
        ),
    ] = None,
    ratio_: Annotated[
        list[str] | None,
        typer.Option(
            "--ratio", help="Rapport de totaux « y/x » / ratio of totals 'y/x' (repeatable)."
        ),
    ] = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by", help="Variable de domaine (répétable) / domain variable (repeatable)."
        ),
    ] = None,
    margins: Annotated[
        Path | None,
        typer.Option(
            help="Marges de calage (CSV variable,level,total ou YAML) / calibration margins."
        ),
    ] = None,
    calibration: Annotated[
        Calibration, typer.Option(help="Méthode de calage / calibration method.")
    ] = Calibration.raking,
    lower: Annotated[
        float | None, typer.Option(help="Borne basse des rapports de poids / lower bound on g.")
    ] = None,
    upper: Annotated[
        float | None, typer.Option(help="Borne haute des rapports de poids / upper bound on g.")
    ] = None,
    ci_method: Annotated[
        CiMethod, typer.Option(help="Intervalle des proportions / interval for proportions.")
    ] = CiMethod.logit,
    level: Annotated[float, typer.Option(help="Niveau de confiance / confidence level.")] = 0.95,
    na_rm: Annotated[
        bool, typer.Option(help="Ignorer les valeurs manquantes / leave out missing values.")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Format de sortie / output format.")
    ] = OutputFormat.json,
    output: Annotated[
        Path | None, typer.Option(help="Fichier de sortie (défaut : écran) / output file.")
    ] = None,
) -> None:
    """Estimations d'enquête (moyennes, totaux, proportions par domaine) / survey estimates."""
    import pandas as pd

    from phare.stats import (
        Margins,
        SurveyDesign,
        SurveyError,
        calibrate,
        mean,
        proportion,
        ratio,
        total,
    )

    means, totals, props, by_ = mean_ or [], total_ or [], proportion_ or [], by or []
    ratios = ratio_ or []
    if not (means or totals or props or ratios):
        typer.echo(
            "Erreur / error: aucune variable (--mean, --total, --proportion ou --ratio) /"
            " no variable",
            err=True,
        )
        raise typer.Exit(code=2)
    try:
        spec = _spec(design_file, design, weights, strata, ids or [], fpc, nest, lonely_psu)
        margin_spec = Margins.from_file(margins) if margins is not None else None
        text_columns = {*by_, *props, *spec.ids}
        if spec.strata:
            text_columns.add(spec.strata)
        if margin_spec is not None:
            text_columns |= set(margin_spec.categorical)
        frame = _read(data, text_columns)
        survey = SurveyDesign.from_spec(frame, spec)
        if margin_spec is not None:
            bounds = None
            if lower is not None or upper is not None:
                bounds = (
                    lower if lower is not None else -math.inf,
                    upper if upper is not None else math.inf,
                )
            survey = calibrate(survey, margin_spec, method=calibration.value, bounds=bounds)
        tables: list[EstimateTable] = []
        if means:
            tables.append(mean(survey, means, by=by_, level=level, na_rm=na_rm))
        if totals:
            tables.append(total(survey, totals, by=by_, level=level, na_rm=na_rm))
        for spec_ratio in ratios:
            numerator, sep, denominator = spec_ratio.partition("/")
            if not sep or not numerator or not denominator:
                raise SurveyError(
                    "Rapport mal écrit / malformed ratio",
                    code="input.ratio",
                    parameter="--ratio",
                    expected="numerator/denominator, e.g. api00/api99",
                    received=spec_ratio,
                )
            tables.append(ratio(survey, numerator, denominator, by=by_, level=level, na_rm=na_rm))
        if props:
            tables.append(
                proportion(
                    survey, props, by=by_, ci_method=ci_method.value, level=level, na_rm=na_rm
                )
            )
    except SurveyError as error:
        raise fail(f"[{error.code}] {error}") from None

    if output_format is OutputFormat.json:
        payload = {
            "schema_version": tables[0].schema_version,
            "calibration": None
            if survey.calibration is None
            else survey.calibration.model_dump(mode="json"),
            "tables": [t.model_dump(mode="json") for t in tables],
        }
        text = json.dumps(payload, ensure_ascii=False, indent=2)
    else:
        frames = []
        for t in tables:
            f = t.to_frame()
            f.insert(0, "statistic", t.metadata.statistic)
            frames.append(f)
        text = pd.concat(frames, ignore_index=True).map(_csv_value).to_csv(index=False)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Écrit / written: {output}", err=True)
