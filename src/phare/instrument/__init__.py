"""phare.instrument — the PHARE-Institutions questionnaire, declared once.

The contract (``shared/spec/instrument.md``) lives in one YAML file of this package,
``phare_institutions.yaml`` (French and English labels); everything else is generated from it.

Public API
----------
``load_instrument(path=None) -> Instrument``
    The typed, immutable model (pydantic v2, frozen). ``Instrument`` has ``questions``
    (``Question``: ``id`` "Q1".."Q11", ``type``, ``text``, ``variables``, ``asked_if``, ``grid``),
    ``respondent`` (commune, wave, respondent_id, mode), ``frame_variables`` (region,
    departement, population, taille, epci, maire_sexe, maire_age: from the frame, never asked),
    ``indicators``, ``code_lists``, ``item_lists`` (``domains``, ``actors``, ``moyens``).
    Helpers: ``variable(name)``, ``question(qid)``, ``indicator(name)``,
    ``grid_variables("part")``, ``asked_variables``, ``all_variables``,
    ``column_order(include_frame=False)`` (the import/export header order),
    ``check_value(name, raw) -> ValueCheck(ok, value, expected)`` (for importers: ``value`` is
    normalised, ``expected`` describes the allowed codes for the error message).
``Variable``
    ``name``, ``source`` (respondent | question | frame), ``type`` (binary | code | text |
    string | integer), ``label`` (``Label(fr, en)``), ``question``, ``codes`` ({int: Label}),
    ``dont_know`` (the "ne sait pas" code, 9: it COUNTS in the base of shares; only an empty
    cell is out of the base), ``max_length`` (verbatim: 2,000 characters), ``asked_if``
    (``Condition(variable, in_)``: ``coco_savoir`` is asked only when ``coco_ancree`` in {1, 2}),
    ``item`` (domain / means code of a grid item), ``actor`` (Q3 actor).
``compute_indicators(df, instrument=None, names=None) -> DataFrame``
    One float column per derived indicator (``part_all16``, ``part_any_social5``,
    ``innov_agree``, ``coco_ancree_agree``, ``coco_ne_sait_pas_animer``, ``role_mairie_iaa``)
    holding 1.0 / 0.0 / NaN (NaN = out of the base). ``part_all16`` is over those who answered
    the grid (1 if all 16 ticked, 0 if one is unticked); ``coco_ne_sait_pas_animer`` is over the
    ``coco_ancree`` in {1, 2} respondents who answered ``coco_savoir``. See ``indicators.py``.
``compatibility_problems(new, old) -> list[str]``, ``is_compatible(new, old)``
    A later wave may add questions, never rename or recode one.
``codebook_markdown``, ``codebook_html``, ``write_xlsform``, ``read_xlsform``
    Generated documents (codebook, XLSForm for ODK/KoBo, and back).
"""

from phare.instrument.codebook import codebook_html, codebook_markdown
from phare.instrument.compat import compatibility_problems, is_compatible
from phare.instrument.indicators import compute_indicators, evaluate_indicator
from phare.instrument.loader import InstrumentError, instrument_from_dict, load_instrument
from phare.instrument.model import (
    Condition,
    Grid,
    Indicator,
    Instrument,
    Item,
    Label,
    Question,
    ValueCheck,
    Variable,
)
from phare.instrument.xlsform import read_xlsform, write_xlsform

__all__ = [
    "Condition",
    "Grid",
    "Indicator",
    "Instrument",
    "InstrumentError",
    "Item",
    "Label",
    "Question",
    "ValueCheck",
    "Variable",
    "codebook_html",
    "codebook_markdown",
    "compatibility_problems",
    "compute_indicators",
    "evaluate_indicator",
    "instrument_from_dict",
    "is_compatible",
    "load_instrument",
    "read_xlsform",
    "write_xlsform",
]
