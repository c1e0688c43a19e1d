"""A small results object made by hand, for the renderers' tests (no statistics run)."""

from __future__ import annotations

import math

from phare.study.lessons import build_lessons
from phare.study.results import (
    NATIONAL,
    Annex,
    CalibrationMargin,
    CodebookEntry,
    DomainInfo,
    EstimateRow,
    Flag,
    GroupInfo,
    GroupTest,
    IndicatorInfo,
    LevelInfo,
    MarginLevel,
    MarginOfError,
    Profile,
    QuestionAnnex,
    ResponseRate,
    ResultsMetadata,
    StudySettings,
    TechnicalSheet,
    ThemeInfo,
    TypologyResults,
    WaveResults,
    WeightingDiagnostics,
    WeightSummary,
    row_id,
)

SETTINGS = StudySettings()

# (by, group, label, n)
GROUPS = {
    NATIONAL: [("ensemble", "Ensemble", 400)],
    "region": [
        ("84", "Auvergne-Rhône-Alpes", 200),
        ("28", "Normandie", 20),
        ("76", "Occitanie", 4),
        ("11", "Île-de-France", 176),
    ],
    "taille": [("t1", "moins de 500 habitants", 250), ("t2", "500 habitants ou plus", 150)],
}
# variable -> share by group code (national share under "ensemble")
SHARES = {
    "innov_agree": {
        "ensemble": 0.87,
        "84": 0.80,
        "28": 0.95,
        "76": 1.0,
        "11": 0.90,
        "t1": 0.86,
        "t2": 0.88,
    },
    "part_dev_eco": {
        "ensemble": 0.96,
        "84": 0.95,
        "28": 0.9,
        "76": 1.0,
        "11": 0.97,
        "t1": 0.95,
        "t2": 0.97,
    },
    "part_emploi": {
        "ensemble": 0.84,
        "84": 0.8,
        "28": 0.85,
        "76": 0.75,
        "11": 0.88,
        "t1": 0.83,
        "t2": 0.86,
    },
    "part_all16": {
        "ensemble": 0.8,
        "84": 0.78,
        "28": 0.8,
        "76": 1.0,
        "11": 0.82,
        "t1": 0.79,
        "t2": 0.81,
    },
}


def _row(
    variable: str, by: str, group: str, n: int, p: float, level: str | None = None
) -> EstimateRow:
    se = math.sqrt(p * (1 - p) / n) * 1.2 if n else 0.0
    flag = Flag.OK
    if n < SETTINGS.min_base_suppress:
        flag = Flag.SUPPRESSED
    elif n < SETTINGS.min_base_flag:
        flag = Flag.LOW_BASE
    published = flag != Flag.SUPPRESSED
    return EstimateRow(
        id=row_id(variable, by, group, level),
        variable=variable,
        level=level,
        by=by,
        group=group,
        estimate=p if published else None,
        se=se if published else None,
        ci_low=max(0.0, p - 1.96 * se) if published else None,
        ci_high=min(1.0, p + 1.96 * se) if published else None,
        cv=se / p if published and p else None,
        deff=1.44 if published else None,
        n=n,
        flag=flag,
    )


def make_results(simulated: bool = True, geojson: dict | None = None) -> WaveResults:
    """The handmade results, with lessons built and checked from them."""
    rows = []
    for variable, shares in SHARES.items():
        for by, groups in GROUPS.items():
            for code, _label, n in groups:
                rows.append(_row(variable, by, code, n, shares[code]))
    role = {"1": 0.4, "2": 0.2, "3": 0.1}
    for level, p in role.items():
        rows.append(_row("role_mairie", NATIONAL, "ensemble", 400, p, level))
        for by in ("region", "taille"):
            for code, _label, n in GROUPS[by]:
                rows.append(_row("role_mairie", by, code, n, p, level))
    tests = [
        GroupTest(
            variable=v,
            by=by,
            test="Rao–Scott (F)",
            statistic=1.0,
            df_num=1.0,
            df_den=300.0,
            p_value=0.5 if by == "taille" else 0.01,
            q_value=0.5 if by == "taille" else 0.02,
            significant=by != "taille",
            n=400,
        )
        for v in SHARES
        for by in ("region", "taille")
    ]
    indicators = [
        IndicatorInfo(
            variable="innov_agree",
            kind="derived",
            question="Q4",
            theme="innovation",
            label_fr="Alliances source d'innovation (d'accord)",
            label_en="Alliances a source of innovation (agree)",
        ),
        IndicatorInfo(
            variable="part_dev_eco",
            kind="binary",
            question="Q2",
            theme="partenariats",
            label_fr="Partenariats : développement économique",
            label_en="Partnerships: economic development",
            short_fr="le développement économique",
            short_en="economic development",
        ),
        IndicatorInfo(
            variable="part_emploi",
            kind="binary",
            question="Q2",
            theme="partenariats",
            label_fr="Partenariats : emploi, chômage, insertion",
            label_en="Partnerships: employment",
            short_fr="l'emploi",
            short_en="employment",
        ),
        IndicatorInfo(
            variable="part_all16",
            kind="derived",
            question="Q2",
            theme="partenariats",
            label_fr="Les 16 domaines méritent des partenariats",
            label_en="All 16 domains deserve partnerships",
        ),
        IndicatorInfo(
            variable="role_mairie",
            kind="categorical",
            question="Q7",
            theme="role",
            label_fr="Rôle prioritaire de la commune",
            label_en="Priority role of the commune",
            levels=[
                LevelInfo(code="1", label_fr="Impulser", label_en="Initiate"),
                LevelInfo(code="2", label_fr="Animer", label_en="Lead"),
                LevelInfo(code="3", label_fr="Accompagner", label_en="Support"),
            ],
        ),
    ]
    domains = [
        DomainInfo(
            by=by,
            label_fr={"national": "Ensemble", "region": "Région", "taille": "Taille de commune"}[
                by
            ],
            label_en={"national": "All", "region": "Region", "taille": "Size band"}[by],
            groups=[GroupInfo(code=c, label_fr=lab, label_en=lab) for c, lab, _ in groups],
        )
        for by, groups in GROUPS.items()
    ]
    summary = WeightSummary(
        n=400,
        total=34875.0,
        min=20.0,
        max=300.0,
        mean=87.2,
        cv=0.6,
        kish_deff=1.36,
        effective_n=294.0,
    )
    results = WaveResults(
        metadata=ResultsMetadata(
            wave="2017",
            simulated=simulated,
            seed=7,
            phare_version="0.1.0",
            source_fr="Enquête PHARE-Institutions 2017"
            + (" (données simulées)" if simulated else ""),
            source_en="PHARE-Institutions survey 2017" + (" (simulated data)" if simulated else ""),
            settings=SETTINGS,
        ),
        technical=TechnicalSheet(
            population_fr="Maires des communes de France",
            population_en="Mayors of the communes of France",
            population_size=34875,
            frame_source_fr="Répertoire des communes (COG) et des élus (RNE)",
            frame_source_en="Register of communes (COG) and of elected officials (RNE)",
            frame_date="2026-03-15",
            sample_design_fr="Échantillon stratifié par taille de commune",
            sample_design_en="Sample stratified by size band",
            sampled=1000,
            respondents=400,
            fieldwork_start="2017-05-02",
            fieldwork_end="2017-06-30",
            mode_fr="Questionnaire en ligne",
            mode_en="Online questionnaire",
            response_rates=[
                ResponseRate(
                    by="taille",
                    group="t1",
                    label_fr="moins de 500 habitants",
                    sampled=600,
                    respondents=250,
                    rate=250 / 600,
                ),
                ResponseRate(
                    by="taille",
                    group="t2",
                    label_fr="500 habitants ou plus",
                    sampled=400,
                    respondents=150,
                    rate=150 / 400,
                ),
            ],
            margins_of_error=[
                MarginOfError(
                    base_label_fr="Ensemble", n=400, share=0.5, deff=1.36, half_width=0.057
                )
            ],
            estimation_fr="Estimateur calé, variance par linéarisation de Taylor",
            estimation_en="Calibration estimator, Taylor-linearised variance",
            tests_fr="Rao–Scott ; Benjamini–Hochberg",
            tests_en="Rao–Scott; Benjamini–Hochberg",
        ),
        weighting=WeightingDiagnostics(
            method="logit",
            bounds=(0.2, 5.0),
            margins=[
                CalibrationMargin(
                    variable="taille",
                    label_fr="Taille de commune",
                    label_en="Size band",
                    levels=[
                        MarginLevel(
                            code="t1",
                            label_fr="moins de 500 habitants",
                            population=18000,
                            respondents=250,
                            weighted_before=20000,
                            weighted_after=18000,
                        ),
                        MarginLevel(
                            code="t2",
                            label_fr="500 habitants ou plus",
                            population=16875,
                            respondents=150,
                            weighted_before=14875,
                            weighted_after=16875,
                        ),
                    ],
                )
            ],
            crossing_used=False,
            fallback_reason_fr="Case vide",
            fallback_reason_en="Empty cell",
            converged=True,
            iterations=5,
            initial=summary,
            final=summary,
        ),
        themes=[
            ThemeInfo(code="partenariats", label_fr="Partenariats", label_en="Partnerships"),
            ThemeInfo(code="innovation", label_fr="Innovation", label_en="Innovation"),
            ThemeInfo(code="role", label_fr="Rôle de la commune", label_en="Role of the commune"),
        ],
        indicators=indicators,
        domains=domains,
        estimates=rows,
        group_tests=tests,
        typology=TypologyResults(
            available=False,
            method_fr="ACM puis CAH",
            method_en="MCA then HCPC",
            note_fr="Typologie non calculée : questions Q7 à Q9 absentes.",
            note_en="Typology not computed: questions Q7 to Q9 missing.",
            profiles=[Profile(code="P1", label_fr="Bâtisseurs", label_en="Builders")],
        ),
        annex=Annex(
            questionnaire=[
                QuestionAnnex(
                    question="Q4",
                    text_fr="Les alliances sont une source d'innovation.",
                    text_en="Alliances are a source of innovation.",
                    type_fr="Échelle d'accord",
                    type_en="Agreement scale",
                    variables=["innov"],
                    codes_fr=["1 Tout à fait d'accord", "2 Plutôt d'accord"],
                    codes_en=["1 Strongly agree", "2 Somewhat agree"],
                    condition_fr="Posée si part_dev_eco ∈ {1}",
                    condition_en="Asked if part_dev_eco ∈ {1}",
                )
            ],
            codebook=[
                CodebookEntry(
                    variable="innov",
                    question="Q4",
                    label_fr="Innovation",
                    label_en="Innovation",
                    type="code",
                    codes_fr="1 = Tout à fait d'accord, 2 = Plutôt d'accord",
                    codes_en="1 = Strongly agree, 2 = Somewhat agree",
                )
            ],
        ),
        regions_geojson=geojson,
    )
    return results.model_copy(update={"lessons": build_lessons(results)})
