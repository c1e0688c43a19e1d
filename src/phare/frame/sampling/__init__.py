"""Sample design over the frame: allocation to strata and a seeded stratified draw.

``allocate`` shares a sample size among strata (proportional, equal, Neyman for a proportion,
with an optional minimum per region); ``draw_sample`` draws communes by SRSWOR within strata and
returns the invitation list with tokens and the design columns for estimation.
"""

from phare.frame.sampling.allocation import METHODS, Allocation, allocate
from phare.frame.sampling.draw import SampleDraw, draw_sample, frame_fingerprint

__all__ = ["METHODS", "Allocation", "SampleDraw", "allocate", "draw_sample", "frame_fingerprint"]
