"""A later wave may add questions, never rename or recode one."""

import copy

import yaml

from phare.instrument import compatibility_problems, instrument_from_dict, is_compatible
from phare.instrument.loader import DEFAULT_INSTRUMENT


def _data() -> dict:
    from importlib import resources

    text = resources.files("phare.instrument").joinpath(DEFAULT_INSTRUMENT).read_text("utf-8")
    return yaml.safe_load(text)


def test_adding_a_question_and_a_code_is_compatible() -> None:
    old_data = _data()
    new_data = copy.deepcopy(old_data)
    new_data["version"] = "2026"
    new_data["questions"].append(
        {
            "id": "Q12",
            "type": "code",
            "codes": "oui_non",
            "text": {"fr": "Nouvelle question ?", "en": "New question?"},
            "variables": [{"name": "nouveau", "label": {"fr": "Nouveau", "en": "New"}}],
        }
    )
    new_data["code_lists"]["role_mairie"][7] = {"fr": "Coordonner", "en": "Coordinate"}
    old, new = instrument_from_dict(old_data), instrument_from_dict(new_data)
    assert is_compatible(new, old)
    assert not is_compatible(old, new)  # the old one lacks Q12
    assert any("nouveau" in p for p in compatibility_problems(old, new))


def test_renaming_or_recoding_is_reported() -> None:
    old_data = _data()
    renamed = copy.deepcopy(old_data)
    renamed["questions"][10]["variables"][0]["name"] = "premier_mandat_maire"
    recoded = copy.deepcopy(old_data)
    agree = recoded["code_lists"]["agree4"]
    agree[1], agree[2] = agree[2], agree[1]
    old = instrument_from_dict(old_data)
    problems = compatibility_problems(instrument_from_dict(renamed), old)
    assert any(p.startswith("premier_mandat:") for p in problems)
    problems = compatibility_problems(instrument_from_dict(recoded), old)
    assert any("innov: code 1 recodé" in p for p in problems)
    assert any("att_assos: code 2 recodé" in p for p in problems)
