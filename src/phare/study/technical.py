"""The "fiche technique" of a wave: population, frame, design, response, margins of error.

The margin of error of a share :math:`p` on a base :math:`n` is the half-width of its 95 %
interval under the weighting design effect (Kish, :math:`1 + cv_w^2`):
:math:`z_{0.975}\\sqrt{\\text{deff}\\;p(1-p)/n}`, shown for :math:`p = 50 %` (the widest) at the
national base and at the base of each size band.
"""

from __future__ import annotations

import math

import pandas as pd
from scipy import stats as sps

from phare.frame import SIZE_BANDS
from phare.study.results import (
    EstimateRow,
    MarginOfError,
    ResponseRate,
    StudySettings,
    TechnicalSheet,
    number_en,
    number_fr,
)
from phare.study.weighting import WeightedWave


def technical_sheet(
    *,
    data: pd.DataFrame,
    population: pd.DataFrame,
    sample: pd.DataFrame | None,
    rows: list[EstimateRow],
    weighted: WeightedWave,
    settings: StudySettings,
    fieldwork: tuple[str, str] | None,
    frame_date: str | None,
) -> TechnicalSheet:
    n = len(data)
    labels = {b.code: b.label_fr for b in SIZE_BANDS}
    rates: list[ResponseRate] = []
    sampled_total: int | None = None
    if sample is not None and "commune" in sample.columns:
        sampled_total = int(sample["commune"].nunique())
        responded = sample["commune"].astype(str).isin(set(data["commune"].astype(str)))
        if "taille" in sample.columns:
            by = sample["taille"].astype(str)
        else:
            by = (
                sample["commune"]
                .map(dict(zip(population["commune"], population["taille"], strict=True)))
                .astype(str)
            )
        for code, label in labels.items():
            mask = by == code
            k = int(mask.sum())
            r = int((mask & responded).sum())
            rates.append(
                ResponseRate(
                    by="taille",
                    group=code,
                    label_fr=label,
                    sampled=k,
                    respondents=r,
                    rate=r / k if k else None,
                )
            )
        rates.append(
            ResponseRate(
                by="national",
                group="ensemble",
                label_fr="Ensemble",
                sampled=sampled_total,
                respondents=n,
                rate=n / sampled_total if sampled_total else None,
            )
        )
    else:
        counts = data["taille"].astype(str).value_counts()
        for code, label in labels.items():
            rates.append(
                ResponseRate(
                    by="taille",
                    group=code,
                    label_fr=label,
                    sampled=None,
                    respondents=int(counts.get(code, 0)),
                    rate=None,
                )
            )
        rates.append(
            ResponseRate(
                by="national",
                group="ensemble",
                label_fr="Ensemble",
                sampled=None,
                respondents=n,
                rate=None,
            )
        )
    z = float(sps.norm.ppf(0.5 + settings.confidence_level / 2))
    deff = weighted.diagnostics.final.kish_deff
    moe = [
        MarginOfError(
            base_label_fr="Ensemble des maires",
            n=n,
            share=0.5,
            deff=deff,
            half_width=z * math.sqrt(deff * 0.25 / n) if n else 0.0,
        )
    ]
    for rr in rates:
        if rr.by == "taille" and rr.respondents:
            moe.append(
                MarginOfError(
                    base_label_fr=f"Communes de {rr.label_fr}",
                    n=rr.respondents,
                    share=0.5,
                    deff=deff,
                    half_width=z * math.sqrt(deff * 0.25 / rr.respondents),
                )
            )
    design_fr = (
        "Échantillon aléatoire stratifié par taille de commune, tiré dans la base de sondage "
        "(tirage sans remise dans chaque strate) ; pondération initiale N_h / r_h (inverse de la "
        "probabilité d'inclusion corrigée de la non-réponse par strate)."
        if sample is not None
        else "Plan de sondage non fourni : répondants traités comme un échantillon aléatoire "
        "simple stratifié par taille de commune (pondération initiale N_h / r_h)."
    )
    deffs = [r.deff for r in rows if r.by == "national" and r.deff is not None]
    deff_text = deff_text_en = ""
    if deffs:
        median = sorted(deffs)[len(deffs) // 2]
        deff_text = f" Effet de plan médian des indicateurs nationaux : {number_fr(median, 2)}."
        deff_text_en = f" Median design effect of the national indicators: {number_en(median, 2)}."
    return TechnicalSheet(
        population_fr="Maires des communes de France (métropole et outre-mer) ayant un maire en "
        "fonction dans la base de sondage",
        population_en="Mayors of the communes of France with a mayor in office in the frame",
        population_size=len(population),
        frame_source_fr="Base de sondage phare : Code officiel géographique et populations "
        "légales (INSEE), Répertoire national des élus (ministère de l'Intérieur)",
        frame_source_en="phare sampling frame: Official Geographic Code and legal populations "
        "(INSEE), National Register of Elected Officials (Ministry of the Interior)",
        frame_date=frame_date.split("/")[-1] if frame_date else None,
        sample_design_fr=design_fr,
        sample_design_en="Stratified random sample by size band; initial weights N_h / r_h.",
        sampled=sampled_total,
        respondents=n,
        fieldwork_start=fieldwork[0] if fieldwork else None,
        fieldwork_end=fieldwork[1] if fieldwork else None,
        mode_fr="questionnaire auto-administré en ligne (ou import de fichiers)",
        mode_en="self-administered online questionnaire (or files imported)",
        response_rates=rates,
        margins_of_error=moe,
        estimation_fr="Estimateur par calage (Hájek), variance par linéarisation de Taylor "
        "tenant compte du calage et de la correction de population finie ; intervalles de "
        "confiance logit (R survey, svyciprop)." + deff_text,
        estimation_en="Calibration (Hájek) estimator, Taylor-linearised variance accounting for "
        "the calibration and the finite population correction; logit confidence intervals "
        "(R survey, svyciprop)." + deff_text_en,
        tests_fr="Écarts entre groupes : test du khi-deux de Rao–Scott corrigé au second ordre "
        "(F), p-values ajustées par Benjamini–Hochberg sur chaque tableau (taux de fausses "
        f"découvertes {number_fr(settings.alpha, 2)}) ; évolution entre vagues : test z sur "
        "échantillons indépendants. Différences entre deux groupes (sexe, premier mandat) : "
        "test de Wald de la différence de proportions.",
        tests_en="Differences between groups: Rao–Scott second-order corrected chi-squared test "
        "(F), p-values adjusted by Benjamini–Hochberg within each table (false discovery rate "
        f"{number_en(settings.alpha, 2)}); change between waves: z test on independent "
        "samples. Differences between two groups (sex, first term): Wald test of the "
        "difference of proportions.",
    )
