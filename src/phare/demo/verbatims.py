"""Invented free-text answers to Q10 for the simulated wave (in French, as mayors write).

Only the first one of the generic list is quoted in the 2017 summary; all the others are ours.
"""

from __future__ import annotations

from typing import Final

GENERIC: Final[tuple[str, ...]] = (
    "Il faudrait favoriser la communication entre les gens et avancer tous ensemble dans la même direction.",
    "Du temps, des moyens et un peu de méthode.",
    "Mieux se connaître entre élus, associations et chefs d'entreprise.",
)

BY_PROFILE: Final[dict[str, tuple[str, ...]]] = {
    "pilote": (
        "Une impulsion claire de la mairie et un chef de projet identifié.",
        "Que la commune fixe le cap et réunisse les acteurs autour d'objectifs partagés.",
        "Lancer des appels à projets locaux avec un vrai suivi.",
    ),
    "animateur": (
        "Des lieux de rencontre et de dialogue réguliers entre habitants, associations et entreprises.",
        "Associer davantage les habitants dès le début des projets.",
        "Former des bénévoles et des agents à l'animation de réseaux.",
    ),
    "partenaire": (
        "Travailler au niveau de l'intercommunalité et mutualiser les moyens.",
        "Des financements stables et la mise à disposition de locaux.",
        "Un guichet unique intercommunal pour les porteurs de projets.",
    ),
    "demuni": (
        "Des outils simples et un accompagnement, nous n'avons pas de personnel pour cela.",
        "Du temps : le maire d'une petite commune fait tout lui-même.",
        "Savoir qui fait quoi sur le territoire, un annuaire des acteurs.",
    ),
    "reserve": (
        "Laisser les acteurs s'organiser, la commune n'a pas à tout faire.",
        "Moins de normes et de dossiers administratifs.",
        "Je ne vois pas de besoin particulier.",
    ),
}
