"""phare.demo."""
