"""phare.stats."""
