"""The shipped instrument follows the contract of shared/spec/instrument.md."""

import math

import pytest

from phare.instrument import InstrumentError, instrument_from_dict, load_instrument

DOMAINS = [
    "emploi", "dev_eco", "niveau_vie", "pauvrete", "logement", "diversite", "intergen",
    "lien_social", "education", "sante", "securite", "mobilite", "numerique", "culture",
    "environnement", "transition",
]  # fmt: skip
Q9 = [
    "att_pilotage", "att_assos", "att_entreprises", "att_citoyens", "att_experimenter",
    "frein_temps", "frein_connaissance", "frein_cultures", "levier_interco", "levier_outils",
]  # fmt: skip
MOYENS = [
    "communication", "dialogue", "appel_projets", "mise_a_dispo", "financement", "formation",
    "autre",
]  # fmt: skip


@pytest.fixture(scope="module")
def inst():
    return load_instrument()


def test_question_ids_and_variable_names_follow_the_contract(inst) -> None:
    assert [q.id for q in inst.questions] == [f"Q{i}" for i in range(1, 12)]
    expected = (
        [f"frag_{d}" for d in DOMAINS]
        + [f"part_{d}" for d in DOMAINS]
        + [f"role_{a}_{d}" for a in ("citoyens", "associations", "entreprises") for d in DOMAINS]
        + ["innov", "coco_ancree", "coco_savoir", "role_mairie"]
        + [f"moyen_{m}" for m in MOYENS]
        + Q9
        + ["verbatim", "premier_mandat"]
    )
    assert [v.name for v in inst.asked_variables] == expected
    assert inst.column_order()[:4] == ["commune", "wave", "respondent_id", "mode"]
    assert inst.column_order()[4:] == expected
    frame = ["region", "departement", "population", "taille", "epci", "maire_sexe", "maire_age"]
    assert inst.column_order(include_frame=True)[-7:] == frame
    assert all(v.source == "frame" for v in inst.frame_variables)


def test_codes_labels_and_types(inst) -> None:
    assert set(inst.variable("innov").codes) == {1, 2, 3, 4, 9}
    assert inst.variable("innov").codes[1].fr == "Tout à fait d'accord"
    assert inst.variable("innov").dont_know == 9
    assert set(inst.variable("role_mairie").codes) == {1, 2, 3, 4, 5, 6, 9}
    assert inst.variable("role_mairie").codes[5].fr == "Laisser faire les acteurs"
    assert set(inst.variable("coco_savoir").codes) == {1, 2, 9}
    assert set(inst.variable("premier_mandat").codes) == {1, 2}
    assert inst.variable("premier_mandat").dont_know is None
    assert inst.variable("part_emploi").type == "binary"
    assert set(inst.variable("part_emploi").codes) == {0, 1}
    assert inst.variable("verbatim").type == "text"
    assert inst.variable("verbatim").max_length == 2000
    assert inst.variable("att_assos").label.fr.startswith("Je fais confiance aux associations")
    assert inst.variable("role_entreprises_transition").actor == "entreprises"
    assert inst.variable("role_entreprises_transition").item == "transition"
    assert len(inst.item_lists["domains"]) == 16
    assert set(inst.variable("mode").values) == {"web", "phone", "import"}
    for var in inst.all_variables:
        assert var.label.fr and var.label.en


def test_q6_skip_rule(inst) -> None:
    rule = inst.variable("coco_savoir").asked_if
    assert rule is not None
    assert rule.variable == "coco_ancree"
    assert rule.in_ == (1, 2)
    assert all(v.asked_if is None for v in inst.asked_variables if v.name != "coco_savoir")


def test_check_value_normalises_and_reports_expected_codes(inst) -> None:
    assert inst.check_value("innov", "2").value == 2
    assert inst.check_value("innov", 2.0).ok
    assert inst.check_value("innov", " 9 ").ok
    bad = inst.check_value("innov", 5)
    assert not bad.ok
    assert "1, 2, 3, 4, 9" in bad.expected
    assert not inst.check_value("innov", "oui").ok
    assert not inst.check_value("innov", 1.5).ok
    assert inst.check_value("innov", math.nan).ok
    assert inst.check_value("innov", "").value is None
    assert not inst.check_value("part_sante", 2).ok
    assert inst.check_value("verbatim", "é" * 2000).ok
    assert not inst.check_value("verbatim", "é" * 2001).ok
    assert inst.check_value("commune", "2A004").ok
    assert not inst.check_value("commune", "1001").ok
    assert not inst.check_value("commune", None).ok
    assert inst.check_value("mode", "web").ok
    assert not inst.check_value("mode", "mail").ok
    with pytest.raises(KeyError, match="nope"):
        inst.check_value("nope", 1)


def test_indicators_are_declared(inst) -> None:
    names = [i.name for i in inst.indicators]
    assert names == [
        "part_all16",
        "part_any_social5",
        "innov_agree",
        "coco_ancree_agree",
        "coco_ne_sait_pas_animer",
        "role_mairie_iaa",
    ]
    assert len(inst.indicator("part_all16").variables) == 16


def test_broken_instrument_is_refused_with_the_place_named() -> None:
    with pytest.raises(InstrumentError, match="codes"):
        instrument_from_dict(
            {
                "id": "x",
                "version": "1",
                "title": {"fr": "x", "en": "x"},
                "questions": [
                    {"id": "Q1", "type": "code", "text": {"fr": "a", "en": "a"}, "codes": "nope"}
                ],
            }
        )
    with pytest.raises(FileNotFoundError, match="path"):
        load_instrument("/nonexistent/instrument.yaml")
