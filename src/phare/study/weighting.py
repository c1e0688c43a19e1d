"""Weighting a wave to the frame: non-response adjustment, then calibration on margins.

Steps
-----
1. **Design weights.** With the sample's design (strata, ``N_h``, ``n_h``), respondent ``i`` of
   stratum ``h`` gets :math:`d_i = N_h / r_h` where :math:`r_h` is the number of respondents of
   the stratum — the design weight :math:`N_h / n_h` times the inverse response rate of the
   stratum (response homogeneity groups = strata). Without a design (an imported file), the
   respondents are treated as a simple random sample stratified by size band
   (:math:`N_h` from the frame), which is recorded in the notes.
2. **Calibration** (Deville & Särndal 1992) of :math:`d` to the frame's counts of communes
   with a mayor: region, size band, mayor's sex and age band. The crossing region × size band
   replaces the two separate margins when every populated cell of the crossing holds at least
   ``settings.crossing_min_respondents`` respondents; otherwise the separate margins are used
   and the reason (cells short of respondents) is recorded. Default distance: logit with bounds
   ``settings.calibration_bounds`` on :math:`g = w / d` (the CALMAR method; Sautory 1993).
   When a small wave cannot reach the margins within the bounds, the regions with fewer than
   ``SPARSE_REGION_RESPONDENTS`` respondents are pooled and a note
   (``calibration.sparse_regions_pooled``) records it.
3. The calibrated design remembers the calibration, so the Taylor variance uses the residuals
   of the calibration model (Deville 1999; R ``survey``'s ``calibrate``).

References
----------
Deville, J.-C. & Särndal, C.-E. (1992), Calibration estimators in survey sampling, *JASA* 87.
Sautory, O. (1993), La macro CALMAR, INSEE, document de travail F9310.
Lumley, T. (2010), *Complex Surveys*, Wiley, ch. 7.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from phare.frame import AGE_BANDS, SIZE_BANDS, load_regions
from phare.stats import SurveyDesign, UnreachableMarginsError
from phare.stats.calibration import Margins, calibrate
from phare.study.results import (
    CalibrationMargin,
    MarginLevel,
    Note,
    StudySettings,
    WeightingDiagnostics,
    WeightSummary,
)

MARGIN_VARIABLES = ("region", "taille", "maire_sexe", "maire_age")
CROSS = "region_taille"
_MARGIN_LABELS = {
    "region": ("Région", "Region"),
    "taille": ("Taille de la commune", "Size of the commune"),
    "maire_sexe": ("Sexe du maire", "Mayor's sex"),
    "maire_age": ("Âge du maire", "Mayor's age"),
    CROSS: ("Région × taille de la commune", "Region × size of the commune"),
}


@dataclass(frozen=True)
class WeightedWave:
    """The calibrated design of a wave and its diagnostics."""

    design: SurveyDesign
    diagnostics: WeightingDiagnostics
    population: pd.DataFrame
    notes: list[Note]


def calibration_population(frame: pd.DataFrame) -> pd.DataFrame:
    """The communes a wave is calibrated to: those with a mayor and a size band."""
    keep = frame["taille"].notna() & frame["maire_sexe"].notna() & frame["maire_age"].notna()
    pop = frame.loc[keep, ["commune", *MARGIN_VARIABLES]].copy()
    for col in MARGIN_VARIABLES:
        pop[col] = pop[col].astype(str)
    pop[CROSS] = pop["region"] + "|" + pop["taille"]
    return pop.reset_index(drop=True)


def _summary(
    weights: np.ndarray, g: np.ndarray | None = None, n_at_bounds: int = 0
) -> WeightSummary:
    n = len(weights)
    total = float(weights.sum())
    mean = total / n if n else 0.0
    cv = float(weights.std(ddof=0) / mean) if mean else 0.0
    kish = float(n * (weights**2).sum() / total**2) if total else 0.0
    return WeightSummary(
        n=n,
        total=total,
        min=float(weights.min()) if n else 0.0,
        max=float(weights.max()) if n else 0.0,
        mean=mean,
        cv=cv,
        kish_deff=kish,
        effective_n=float(n / kish) if kish else 0.0,
        g_min=float(g.min()) if g is not None and len(g) else None,
        g_max=float(g.max()) if g is not None and len(g) else None,
        n_at_bounds=n_at_bounds,
    )


def _labels(variable: str, lang: str = "fr") -> dict[str, str]:
    """Labels of the levels of a calibration variable, in ``lang`` ("fr" or "en")."""
    en = lang == "en"
    if variable == "region":
        regions = load_regions()
        return dict(
            zip(regions["region"].astype(str), regions["region_nom"].astype(str), strict=True)
        )
    if variable == "taille":
        return {b.code: b.label_en if en else b.label_fr for b in SIZE_BANDS}
    if variable == "maire_age":
        return {b.code: b.label_en if en else b.label_fr for b in AGE_BANDS}
    if variable == "maire_sexe":
        return {"F": "Women", "M": "Men"} if en else {"F": "Femmes", "M": "Hommes"}
    if variable == CROSS:
        regions = _labels("region", lang)
        sizes = _labels("taille", lang)
        return {f"{r}|{t}": f"{regions[r]} — {sizes[t]}" for r in regions for t in sizes}
    return {}


_CAL = "_cal"
OVERSEAS = ("01", "02", "03", "04", "06")


def _collapse_empty(
    sample: pd.Series, population: pd.Series, variable: str
) -> tuple[dict[str, str], Note | None]:
    """Merge the margin levels that no respondent represents, so the margin stays reachable.

    Overseas regions are pooled first ("Outre-mer") when one of them has no respondent; any
    other empty level joins the most populous level. Returns the level mapping and a note.
    """
    present = set(sample)
    empty = sorted(set(population) - present)
    if not empty:
        return {}, None
    mapping: dict[str, str] = {}
    if variable == "region" and set(empty) & set(OVERSEAS):
        for code in OVERSEAS:
            mapping[code] = "DOM"
        if not (set(OVERSEAS) & present):
            empty_rest = [c for c in empty if c not in OVERSEAS]
            largest = population[~population.isin(OVERSEAS)].value_counts().idxmax()
            for code in OVERSEAS:
                mapping[code] = str(largest)
        else:
            empty_rest = [c for c in empty if c not in OVERSEAS]
    else:
        empty_rest = empty
    if empty_rest:
        largest = str(population[~population.isin(empty_rest)].value_counts().idxmax())
        for code in empty_rest:
            mapping[code] = largest
    note = Note(
        code="calibration.collapsed_levels",
        message_fr=f"Marge {variable} : modalité(s) sans répondant {empty} regroupée(s) "
        f"({', '.join(f'{k}→{v}' for k, v in sorted(mapping.items()))}).",
        message_en=f"Margin {variable}: level(s) without respondents {empty} merged "
        f"({', '.join(f'{k}->{v}' for k, v in sorted(mapping.items()))}).",
    )
    return mapping, note


def initial_design(
    data: pd.DataFrame, population: pd.DataFrame, sample: pd.DataFrame | None
) -> tuple[SurveyDesign, list[Note]]:
    """The respondents' design with non-response-adjusted design weights :math:`N_h / r_h`."""
    notes: list[Note] = []
    data = data.copy()
    if sample is not None and {"commune", "stratum", "N_h"} <= set(sample.columns):
        design_cols = sample.loc[:, ["commune", "stratum", "N_h"]].drop_duplicates("commune")
        data = data.drop(columns=[c for c in ("stratum", "N_h") if c in data.columns])
        data = data.merge(design_cols, on="commune", how="left", validate="many_to_one")
        lost = int(data["stratum"].isna().sum())
        if lost:
            raise ValueError(
                f"sample: {lost} respondent(s) whose commune is not in the sample design "
                "(column commune); expected every respondent among the sampled communes"
            )
    else:
        sizes = population["taille"].value_counts()
        data["stratum"] = data["taille"].astype(str)
        data["N_h"] = data["stratum"].map(sizes).astype(float)
        notes.append(
            Note(
                code="design.assumed_stratified_srs",
                message_fr="Plan de sondage non fourni : les répondants sont traités comme un "
                "échantillon aléatoire simple stratifié par taille de commune.",
                message_en="No sample design given: respondents are treated as a simple random "
                "sample stratified by size band.",
            )
        )
    data["stratum"] = data["stratum"].astype(str)
    data["N_h"] = data["N_h"].astype(float)
    r_h = data.groupby("stratum")["commune"].transform("size").astype(float)
    data["_d"] = data["N_h"] / r_h
    design = SurveyDesign.from_frame(
        data.reset_index(drop=True), weights="_d", strata="stratum", fpc="N_h", lonely_psu="adjust"
    )
    return design, notes


def choose_margins(
    data: pd.DataFrame, population: pd.DataFrame, settings: StudySettings
) -> tuple[list[str], str | None, str | None]:
    """The margins to calibrate on, and why the crossing was left out (French, English)."""
    counts = data.groupby(CROSS).size()
    cells = population[CROSS].value_counts()
    short = {cell: int(counts.get(cell, 0)) for cell in cells.index}
    short = {c: k for c, k in short.items() if k < settings.crossing_min_respondents}
    if not short:
        return [CROSS, "maire_sexe", "maire_age"], None, None
    first = sorted(short.items(), key=lambda x: (x[1], x[0]))[:4]
    labels, labels_en = _labels(CROSS), _labels(CROSS, "en")
    examples = ", ".join(f"{labels.get(c, c)} ({k})" for c, k in first)
    examples_en = ", ".join(f"{labels_en.get(c, c)} ({k})" for c, k in first)
    fr = (
        f"{len(short)} case(s) sur {len(cells)} comptent moins de "
        f"{settings.crossing_min_respondents} répondants (par exemple {examples}) : marges "
        "région et taille utilisées séparément."
    )
    en = (
        f"{len(short)} of {len(cells)} cells hold fewer than {settings.crossing_min_respondents} "
        f"respondents (e.g. {examples_en}): region and size margins used separately."
    )
    return ["region", "taille", "maire_sexe", "maire_age"], fr, en


SPARSE_REGION_RESPONDENTS = 10
"""Regions with fewer respondents are pooled when the margins are unreachable within bounds."""
POOLED_REGIONS = "autres"


def _calibrate(
    design: SurveyDesign,
    data_cal: pd.DataFrame,
    pop_cal: pd.DataFrame,
    variables: list[str],
    method: Literal["logit", "raking", "linear"],
    bounds: tuple[float, float] | None,
) -> tuple[SurveyDesign, dict[str, dict[str, float]]]:
    """Calibrate ``design`` (with ``data_cal``) to the counts of ``pop_cal``; return the targets."""
    categorical = {
        v + _CAL: {
            str(k): float(c) for k, c in pop_cal[v + _CAL].value_counts().sort_index().items()
        }
        for v in variables
    }
    design = dataclasses.replace(design, data=data_cal.copy())
    margins = Margins(categorical=categorical)
    return calibrate(design, margins, method=method, bounds=bounds), categorical


def _pool_sparse_regions(region: pd.Series, misfit: object) -> tuple[dict[str, str], Note]:
    """Pool the regions with fewer than ``SPARSE_REGION_RESPONDENTS`` respondents."""
    counts = region.astype(str).value_counts()
    sparse = sorted(str(r) for r, c in counts.items() if c < SPARSE_REGION_RESPONDENTS)
    mapping = {r: POOLED_REGIONS for r in sparse}
    note = Note(
        code="calibration.sparse_regions_pooled",
        message_fr=f"Marges inatteignables dans les bornes ({misfit}) : régions de moins de "
        f"{SPARSE_REGION_RESPONDENTS} répondants regroupées ({', '.join(sparse)}).",
        message_en=f"Margins unreachable within the bounds ({misfit}): regions with fewer "
        f"than {SPARSE_REGION_RESPONDENTS} respondents pooled ({', '.join(sparse)}).",
    )
    return mapping, note


def weight_wave(
    data: pd.DataFrame,
    population: pd.DataFrame,
    settings: StudySettings,
    sample: pd.DataFrame | None = None,
) -> WeightedWave:
    """Calibrate the respondents ``data`` (with frame columns) to ``population``.

    Parameters
    ----------
    data : DataFrame
        One row per respondent with ``commune`` and the frame columns region, taille,
        maire_sexe, maire_age (strings, no missing value).
    population : DataFrame
        :func:`calibration_population` of the frame.
    settings : StudySettings
    sample : DataFrame, optional
        The sample design (``commune``, ``stratum``, ``N_h``), non-respondents included.
    """
    data = data.copy()
    for col in MARGIN_VARIABLES:
        data[col] = data[col].astype(str)
    data[CROSS] = data["region"] + "|" + data["taille"]
    design, notes = initial_design(data, population, sample)
    variables, reason_fr, reason_en = choose_margins(design.data, population, settings)
    data_cal = design.data.copy()
    pop_cal = population.copy()
    for v in variables:
        mapping, note = _collapse_empty(data_cal[v].astype(str), pop_cal[v].astype(str), v)
        if note is not None:
            notes.append(note)
        data_cal[v + _CAL] = data_cal[v].astype(str).map(lambda x, m=mapping: m.get(x, x))
        pop_cal[v + _CAL] = pop_cal[v].astype(str).map(lambda x, m=mapping: m.get(x, x))
    method = settings.calibration_method
    bounds = settings.calibration_bounds if method != "raking" else None
    try:
        calibrated, categorical = _calibrate(design, data_cal, pop_cal, variables, method, bounds)
    except UnreachableMarginsError as exc:
        if "region" not in variables:
            raise
        # A small wave may not reach the margins within the bounds: the regions with few
        # respondents are pooled, a recorded choice rather than no result at all.
        mapping, note = _pool_sparse_regions(data_cal["region" + _CAL], exc.received)
        notes.append(note)
        for frame_ in (data_cal, pop_cal):
            frame_["region" + _CAL] = frame_["region" + _CAL].map(lambda x: mapping.get(x, x))
        calibrated, categorical = _calibrate(design, data_cal, pop_cal, variables, method, bounds)
    report = calibrated.calibration
    d = np.asarray(design.weights, dtype=float)
    w = np.asarray(calibrated.weights, dtype=float)
    margin_info = []
    for v in variables:
        labels = _labels(v)
        levels = []
        for level, total in categorical[v + _CAL].items():
            mask = (calibrated.data[v + _CAL].astype(str) == level).to_numpy()
            levels.append(
                MarginLevel(
                    code=level,
                    label_fr=labels.get(level, level),
                    population=total,
                    respondents=int(mask.sum()),
                    weighted_before=float(d[mask].sum()),
                    weighted_after=float(w[mask].sum()),
                )
            )
        fr, en = _MARGIN_LABELS[v]
        margin_info.append(CalibrationMargin(variable=v, label_fr=fr, label_en=en, levels=levels))
    if report is not None:
        for warning in report.warnings:
            notes.append(
                Note(
                    code=f"calibration.{warning.code}",
                    message_fr=warning.message,
                    message_en=warning.message,
                )
            )
    diagnostics = WeightingDiagnostics(
        method=method,
        bounds=bounds,
        margins=margin_info,
        crossing_used=CROSS in variables,
        fallback_reason_fr=reason_fr,
        fallback_reason_en=reason_en,
        converged=bool(report.converged) if report is not None else True,
        iterations=int(report.iterations) if report is not None else None,
        initial=_summary(d),
        final=_summary(w, w / d, int(report.n_at_bounds) if report is not None else 0),
        notes=notes,
    )
    return WeightedWave(
        design=calibrated, diagnostics=diagnostics, population=population, notes=notes
    )
