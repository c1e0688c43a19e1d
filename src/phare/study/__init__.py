"""phare.study."""
