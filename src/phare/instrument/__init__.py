"""phare.instrument."""
