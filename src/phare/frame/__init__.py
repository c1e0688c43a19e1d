"""phare.frame."""
