"""Analysis of one wave: from the respondents to the :class:`~phare.study.results.WaveResults`.

``analyse_wave`` chains the steps, each in its own module: frame columns and derived
indicators (:func:`prepare_responses`), weighting (:mod:`phare.study.weighting`), estimates by
breakdown (:mod:`phare.study.estimation`), tests between groups
(:mod:`phare.study.differences`), the typology (:mod:`phare.study.profiles`), the technical
sheet (:mod:`phare.study.technical`), the comparison with an earlier wave
(:mod:`phare.study.comparison`) and the key lessons with their claim checker
(:mod:`phare.study.lessons`). The options are one :class:`StudySettings`, recorded in the
results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from phare import __version__
from phare.frame import frame_version, load_frame, regions_geojson
from phare.instrument import Instrument, compute_indicators, load_instrument
from phare.study import catalogue
from phare.study.catalogue import MANDATE
from phare.study.comparison import compare_waves
from phare.study.differences import group_tests, pair_tests
from phare.study.estimation import MISSING_GROUP, as_codes, estimate_indicators
from phare.study.lessons import build_lessons
from phare.study.profiles import TypologyOutcome, run_typology
from phare.study.results import (
    NATIONAL,
    EstimateRow,
    IndicatorInfo,
    Note,
    ResultsMetadata,
    StudySettings,
    TypologyResults,
    WaveResults,
)
from phare.study.technical import technical_sheet
from phare.study.weighting import (
    MARGIN_VARIABLES,
    WeightedWave,
    calibration_population,
    weight_wave,
)
from phare.typology import TypologyModel

FRAME_COLUMNS = ("region", "taille", "maire_sexe", "maire_age")


def prepare_responses(
    responses: pd.DataFrame, frame: pd.DataFrame, instrument: Instrument
) -> tuple[pd.DataFrame, list[Note]]:
    """Respondents with the frame's columns, derived indicators and items as integer codes.

    The frame columns (region, size band, mayor's sex and age band) are always taken from the
    frame for the respondent's ``commune``, as the instrument says. A respondent whose commune
    has no mayor in the frame gets the modal sex and age band of the frame (recorded in the
    notes), so that they can be calibrated.
    """
    if not isinstance(responses, pd.DataFrame):
        raise TypeError(f"responses: expected a pandas DataFrame, got {type(responses).__name__}")
    if "commune" not in responses.columns:
        raise ValueError("responses: column 'commune' is missing; expected one row per respondent")
    if responses.empty:
        raise ValueError("responses: no respondent; expected at least one row")
    notes: list[Note] = []
    data = responses.drop(columns=[c for c in FRAME_COLUMNS if c in responses.columns]).copy()
    data["commune"] = data["commune"].astype(str)
    duplicated = data["commune"].duplicated()
    if duplicated.any():
        raise ValueError(
            f"responses: {int(duplicated.sum())} commune(s) appear twice (e.g. "
            f"{data.loc[duplicated, 'commune'].iloc[0]}); expected one respondent per commune"
        )
    keyed = frame.loc[:, ["commune", *FRAME_COLUMNS]].astype({"commune": str})
    data = data.merge(keyed, on="commune", how="left", validate="one_to_one")
    unknown = data["region"].isna()
    if unknown.any():
        raise ValueError(
            f"responses: {int(unknown.sum())} commune code(s) not in the frame (e.g. "
            f"{data.loc[unknown, 'commune'].iloc[0]}); import the wave through phare.responses, "
            "which maps former codes to current communes"
        )
    for col in ("maire_sexe", "maire_age", "taille"):
        missing = data[col].isna()
        if missing.any():
            mode = str(frame[col].dropna().mode().iloc[0])
            data.loc[missing, col] = mode
            notes.append(
                Note(
                    code=f"frame.missing_{col}",
                    message_fr=f"{int(missing.sum())} répondant(s) sans {col} dans la base de "
                    f"sondage : modalité la plus fréquente ({mode}) attribuée pour le calage.",
                    message_en=f"{int(missing.sum())} respondent(s) without {col} in the frame: "
                    f"modal level ({mode}) assigned for calibration.",
                )
            )
    for col in FRAME_COLUMNS:
        data[col] = data[col].astype(str)
    derived = compute_indicators(data, instrument)
    for col in derived.columns:
        data[col] = derived[col]
    for item in catalogue.agreement_items(instrument):
        if item in data.columns:
            codes = pd.to_numeric(data[item], errors="coerce")
            data[item + catalogue.AGREE_SUFFIX] = (
                codes.isin(catalogue.AGREE_CODES).astype(float).where(codes.notna())
            )
    for info in catalogue.indicators(instrument):
        if info.variable in data.columns:
            data[info.variable] = as_codes(data[info.variable])
    if "premier_mandat" in data.columns:
        data[MANDATE] = data["premier_mandat"].astype("string").fillna(MISSING_GROUP).astype(str)
    return data, notes


def _weighted(
    responses: pd.DataFrame,
    sample: pd.DataFrame | None,
    settings: StudySettings,
    frame: pd.DataFrame,
    instrument: Instrument,
) -> tuple[pd.DataFrame, list[Note], pd.DataFrame, WeightedWave]:
    """Prepared respondents, their notes, the calibration population and the weighted wave."""
    data, notes = prepare_responses(responses, frame, instrument)
    population = calibration_population(frame)
    return data, notes, population, weight_wave(data, population, settings, sample)


@dataclass(frozen=True)
class WaveEstimates:
    """What :func:`estimate_wave` returns.

    Attributes
    ----------
    data : DataFrame
        The prepared respondents (frame columns, derived indicators, items as codes), one row
        per respondent, before weighting: the base of unweighted contrasts.
    weighted : WeightedWave
        The calibrated design and its diagnostics, exactly as :func:`analyse_wave` builds them.
    indicators : list of IndicatorInfo
        The indicators estimated.
    estimates : list of EstimateRow
        The rows of the breakdowns asked for, equal to the same rows of :func:`analyse_wave`.
    """

    data: pd.DataFrame
    weighted: WeightedWave
    indicators: list[IndicatorInfo]
    estimates: list[EstimateRow]


def estimate_wave(
    responses: pd.DataFrame,
    *,
    sample: pd.DataFrame | None = None,
    settings: StudySettings | None = None,
    breakdowns: Sequence[str] = (NATIONAL,),
    frame: pd.DataFrame | None = None,
    instrument: Instrument | None = None,
) -> WaveEstimates:
    """Weight a wave and estimate its indicators for some breakdowns only (no tests, no lessons).

    The weighting and the estimation are those of :func:`analyse_wave` (same steps, same
    settings), so every row equals the row of the same id in the full results; only the work
    that the rows do not need (tests between groups, typology, lessons) is skipped. This is
    what ``phare demo`` shows, in a couple of seconds.

    Parameters
    ----------
    responses, sample, settings, frame, instrument
        As for :func:`analyse_wave`.
    breakdowns : sequence of str, default ("national",)
        The ``by`` of the breakdowns to estimate, among ``national``, ``region``, ``taille``,
        ``maire_sexe``, ``maire_age`` and ``mandat``.
    """
    known = {d.by: d for d in catalogue.domains()}
    unknown = [b for b in breakdowns if b not in known]
    if unknown:
        raise ValueError(f"breakdowns: unknown {unknown}; expected among {sorted(known)}")
    settings = settings or StudySettings()
    frame = frame if frame is not None else load_frame()
    instrument = instrument or load_instrument()
    data, _, _, weighted = _weighted(responses, sample, settings, frame, instrument)
    infos = catalogue.indicators(instrument)
    domains = [known[b] for b in breakdowns]
    rows = estimate_indicators(weighted.design, infos, domains, settings)
    return WaveEstimates(data=data, weighted=weighted, indicators=infos, estimates=rows)


def analyse_wave(
    responses: pd.DataFrame,
    *,
    wave: str,
    sample: pd.DataFrame | None = None,
    settings: StudySettings | None = None,
    simulated: bool = False,
    seed: int | None = None,
    frame: pd.DataFrame | None = None,
    instrument: Instrument | None = None,
    previous: WaveResults | None = None,
    typology: bool = True,
    typology_model: TypologyModel | None = None,
    typology_model_source: str | None = None,
    profile_names_file: str | None = None,
    fieldwork: tuple[str, str] | None = None,
    source_fr: str | None = None,
    on_step: Callable[[str], None] | None = None,
) -> WaveResults:
    """Weight, estimate, test and summarise one wave.

    Parameters
    ----------
    responses : DataFrame
        One row per respondent in the instrument's format (``commune`` and the items).
    wave : str
        The wave's name, e.g. ``"2017"``.
    sample : DataFrame, optional
        The sample design (``commune``, ``stratum``, ``N_h``, and ``responded`` when known), one
        row per sampled commune; without it the respondents are treated as a stratified simple
        random sample by size band.
    settings : StudySettings, optional
        Weighting, estimation and publication rules (defaults otherwise).
    simulated : bool
        A simulated wave is labelled "Données simulées" wherever it is shown.
    seed : int, optional
        Seed of every random step (typology consolidation); recorded in the results.
    frame, instrument : optional
        Defaults: :func:`phare.frame.load_frame` and :func:`phare.instrument.load_instrument`.
    previous : WaveResults, optional
        Results of an earlier wave to compare with (independent samples).
    typology : bool
        Build the profiles of mayors (MCA then clustering) and estimate by profile.
    typology_model : TypologyModel, optional
        A frozen typology (e.g. ``phare-2017-typologie.json`` of an earlier wave): the
        respondents are assigned to its profiles instead of refitting.
    typology_model_source, profile_names_file : str, optional
        Where the frozen model and the profile names come from (recorded in the results).
    fieldwork : (str, str), optional
        First and last day of fieldwork (ISO dates).
    source_fr : str, optional
        The "Source : …" line of every chart.
    on_step : callable, optional
        Called with the name of each step as it begins, in this order: ``"weighting"``,
        ``"typology"`` (only when a typology is built), ``"estimates"``, ``"tests"``,
        ``"comparison"`` (only with `previous`), ``"lessons"`` (see :data:`ANALYSIS_STEPS`).
        For progress display only: it does not change the results.
    """
    if not isinstance(wave, str) or not wave:
        raise ValueError(f"wave: expected a non-empty string, got {wave!r}")
    step = on_step or _no_step
    settings = settings or StudySettings()
    frame = frame if frame is not None else load_frame()
    instrument = instrument or load_instrument()
    step("weighting")
    data, notes, population, weighted = _weighted(responses, sample, settings, frame, instrument)
    design = weighted.design
    infos = catalogue.indicators(instrument)

    outcome: TypologyOutcome | None = None
    if typology:
        step("typology")
        outcome = run_typology(
            design,
            seed=seed if seed is not None else 0,
            settings=settings,
            instrument=instrument,
            model=typology_model,
            model_source=typology_model_source or (None if typology_model else f"vague {wave}"),
            names_file=profile_names_file,
            region_names=dict(zip(frame["region"].astype(str), frame["region_nom"], strict=False)),
        )
        if outcome.labels is not None:
            design = outcome.design
    profile_groups = outcome.groups if outcome is not None and outcome.labels is not None else None
    domains = catalogue.domains(profile_groups)
    if profile_groups:
        infos.append(catalogue.profile_indicator(profile_groups))
    step("estimates")
    rows = estimate_indicators(design, infos, domains, settings)
    step("tests")
    tests = group_tests(design, infos, domains, settings)
    pairs = pair_tests(design, infos, domains, settings)
    technical = technical_sheet(
        data=design.data,
        population=population,
        sample=sample,
        rows=rows,
        weighted=weighted,
        settings=settings,
        fieldwork=fieldwork,
        frame_date=frame_version(),
    )
    typology_results = (
        outcome.results
        if outcome is not None
        else TypologyResults(
            available=False,
            method_fr="Typologie non demandée pour cette analyse.",
            method_en="Typology not requested for this analysis.",
        )
    )
    source = source_fr or f"Enquête PHARE-Institutions, vague {wave}"
    results = WaveResults(
        metadata=ResultsMetadata(
            wave=wave,
            simulated=simulated,
            seed=seed,
            phare_version=__version__,
            source_fr=source + (" (données simulées)" if simulated else ""),
            source_en=f"PHARE-Institutions survey, wave {wave}"
            + (" (simulated data)" if simulated else ""),
            settings=settings,
        ),
        technical=technical,
        weighting=weighted.diagnostics,
        themes=catalogue.themes(infos, instrument),
        indicators=infos,
        domains=domains,
        estimates=rows,
        group_tests=tests,
        pair_tests=pairs,
        typology=typology_results,
        annex=catalogue.annex(instrument),
        regions_geojson=regions_geojson(),
        notes=notes + weighted.notes + (outcome.notes if outcome is not None else []),
    )
    if previous is not None:
        step("comparison")
        results = results.model_copy(update={"comparison": compare_waves(previous, results)})
    step("lessons")
    return with_lessons(results)


ANALYSIS_STEPS = ("weighting", "typology", "estimates", "tests", "comparison", "lessons")
"""The step names :func:`analyse_wave` passes to ``on_step``, in order."""


def _no_step(name: str) -> None:
    """The default ``on_step``: nothing to show."""


def with_lessons(results: WaveResults) -> WaveResults:
    """The results with their seven key lessons built and checked."""
    return results.model_copy(update={"lessons": build_lessons(results)})


__all__ = [
    "ANALYSIS_STEPS",
    "MARGIN_VARIABLES",
    "WaveEstimates",
    "analyse_wave",
    "estimate_wave",
    "prepare_responses",
    "with_lessons",
]
