"""phare.responses."""
