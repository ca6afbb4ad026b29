"""Ambassador of the quarter: nominations, the evidence behind them, the winner and the history."""
