"""phare.typology."""
