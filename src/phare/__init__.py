"""phare — survey of the mayors of France, from the frame of communes to published key lessons."""

__version__ = "0.1.0"
