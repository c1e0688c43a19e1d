"""The figures published in the PHARE-Institutions summary (August 2017), as data.

Source: ``seed/PHARE-Institutions-2017-en-quelques-mots.txt`` via ``spec/published-2017.md``.
Weighted national shares of mayors; the summary gives no sample size and no intervals.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

NATIONAL_TARGETS: Final[dict[str, float]] = {
    "part_dev_eco": 0.96,
    "part_emploi": 0.84,
    "part_any_social5": 0.91,
    "part_all16": 0.80,
    "innov_agree": 0.87,
    "coco_ancree_agree": 0.76,
    "coco_ne_sait_pas_animer": 0.46,
    "role_mairie_iaa": 0.70,
}
"""P1–P5 and P7–P9: published national shares by indicator."""

REGIONAL_INNOV: Final[dict[str, float]] = {"28": 0.77, "84": 0.77, "76": 1.00}
"""P6: ``innov_agree`` in Normandie (28), Auvergne-Rhône-Alpes (84) and Occitanie (76)."""

TOP_MOYENS: Final[tuple[str, ...]] = ("moyen_communication", "moyen_dialogue")
"""P10: the two most cited means."""

TOP_ROLES: Final[dict[str, tuple[str, ...]]] = {
    "citoyens": ("environnement", "education", "lien_social", "securite"),
    "associations": ("lien_social", "pauvrete", "culture", "education"),
    "entreprises": ("dev_eco", "emploi", "environnement", "transition"),
}
"""P11: top domains of each actor (Q3), in no particular order."""

_ROWS: Final[list[tuple[str, str, str | None, str, str]]] = [
    ("P1", "part_dev_eco", None, "Partenariats : développement économique", "Partnerships: economic development"),
    ("P2", "part_emploi", None, "Partenariats : emploi, insertion", "Partnerships: employment, integration"),
    ("P3", "part_any_social5", None, "Partenariats : au moins un des cinq domaines sociétaux", "Partnerships: at least one of five societal domains"),
    ("P4", "part_all16", None, "Les 16 domaines méritent des partenariats", "All 16 domains deserve partnerships"),
    ("P5", "innov_agree", None, "Alliances source d'innovation", "Alliances a source of innovation"),
    ("P6", "innov_agree", "28", "Alliances source d'innovation : Normandie", "Alliances a source of innovation: Normandie"),
    ("P6", "innov_agree", "84", "Alliances source d'innovation : Auvergne-Rhône-Alpes", "Alliances a source of innovation: Auvergne-Rhône-Alpes"),
    ("P6", "innov_agree", "76", "Alliances source d'innovation : Occitanie", "Alliances a source of innovation: Occitanie"),
    ("P7", "coco_ancree_agree", None, "Co-construction ancrée dans le territoire", "Co-construction rooted in the territory"),
    ("P8", "coco_ne_sait_pas_animer", None, "Ne sait pas l'animer (parmi P7)", "Does not know how to lead it (among P7)"),
    ("P9", "role_mairie_iaa", None, "La commune doit impulser, animer ou accompagner", "The commune should initiate, lead or support"),
]  # fmt: skip


def published_2017() -> pd.DataFrame:
    """The published 2017 figures as a table, for comparison with estimates.

    Returns
    -------
    DataFrame
        One row per figure: ``figure`` (P1..P11), ``indicator``, ``region`` (INSEE code for P6,
        else None), ``value`` (share in [0, 1]; NaN for the rankings P10, P11), ``top`` (tuple
        of the variables published as the most cited, for P10 and P11; empty otherwise),
        ``label_fr``, ``label_en``. The first 11 rows are the 11 published numbers (P1–P5, P6
        ×3, P7–P9).
    """
    rows: list[tuple[str, str, str | None, float, tuple[str, ...], str, str]] = []
    for fig, ind, region, fr, en in _ROWS:
        value = REGIONAL_INNOV[region] if region else NATIONAL_TARGETS[ind]
        rows.append((fig, ind, region, value, (), fr, en))
    rows.append(
        (
            "P10",
            "moyen_*",
            None,
            float("nan"),
            TOP_MOYENS,
            "Moyens les plus cités : communication et dialogue",
            "Most cited means: communication and dialogue",
        )
    )
    actors_fr = {
        "citoyens": "citoyens",
        "associations": "associations",
        "entreprises": "entreprises",
    }
    actors_en = {
        "citoyens": "citizens",
        "associations": "associations",
        "entreprises": "businesses",
    }
    for actor, domains in TOP_ROLES.items():
        rows.append(
            (
                "P11",
                f"role_{actor}_*",
                None,
                float("nan"),
                tuple(f"role_{actor}_{d}" for d in domains),
                f"Domaines d'action des {actors_fr[actor]} : " + ", ".join(domains),
                f"Domains of action of {actors_en[actor]}: " + ", ".join(domains),
            )
        )
    return pd.DataFrame(
        rows, columns=["figure", "indicator", "region", "value", "top", "label_fr", "label_en"]
    )
