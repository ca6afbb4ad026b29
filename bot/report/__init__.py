"""The quarterly evaluation report: the quarter's figures, the survey and the award."""
