"""phare.publish."""
