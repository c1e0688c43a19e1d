"""The demo wave analysed once per session (simulation, calibration, estimates, typology)."""

from __future__ import annotations

import pytest

from phare.demo import simulate_wave
from phare.study import WaveResults, analyse_wave


@pytest.fixture(scope="session")
def demo_wave():
    return simulate_wave(seed=2017)


@pytest.fixture(scope="session")
def demo_results(demo_wave) -> WaveResults:
    return analyse_wave(
        demo_wave.responses,
        wave="2017",
        sample=demo_wave.design,
        simulated=True,
        seed=2017,
        fieldwork=("2017-05-02", "2017-06-30"),
    )
