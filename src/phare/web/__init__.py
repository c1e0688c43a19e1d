"""phare.web."""
