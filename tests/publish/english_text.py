"""French left in an English document: marker phrases and French colon spacing."""

from __future__ import annotations

import html
import re

FRENCH_MARKERS = (
    "Base de sondage",
    "Échantillon",
    "linéarisation",
    "différence de proportions",
    "tout à fait d'accord",
    "plutôt d'accord",
    "ne sait pas",
    "questionnaire auto-administré",
    "questionnaire en ligne",
    "Écarts entre groupes",
    "Estimateur",
    "Répertoire",
    "Posée si",
    "Choix unique",
    "Cases à cocher",
    "Réponse libre",
    "Échelle d'accord",
    "Plus fréquent qu'en moyenne",
    "maires femmes",
    "maires hommes",
    "Typologie des maires",
    "Typologie non calculée",
    "case(s) sur",
    "«",
    "»",
)
"""Phrases of the French results that an English document must not show (case-insensitive)."""

FRENCH_COLON = re.compile(r"\w\s:\s\w")
"""A French colon (space before it) between words: "décisions : tout à fait"."""


BLOCK_TAG = re.compile(
    r"</?(?:td|th|tr|p|li|h\d|dt|dd|div|br|caption|figcaption|section|table|ul|ol|title)\b[^>]*>"
)
"""Tags that separate texts (an inline tag such as ``<em>`` joins them)."""


def visible_text(document: str) -> str:
    """The text a reader sees: no style, no charts' SVG, no tags, entities decoded."""
    document = re.sub(r"<style>.*?</style>", "", document, flags=re.S)
    document = re.sub(r"<svg.*?</svg>", "", document, flags=re.S)
    document = re.sub(BLOCK_TAG, "\n", document)
    return html.unescape(re.sub(r"<[^>]+>", "", document))


def french_in_english(document: str) -> list[str]:
    """The French markers and French colons found in an English HTML document."""
    text = visible_text(document)
    lower = text.lower()
    found = [m for m in FRENCH_MARKERS if m.lower() in lower]
    found += [f"French colon: {m.group(0)!r}" for m in FRENCH_COLON.finditer(text)]
    return found
