"""phare.cli."""
