"""The data-quality Issues API (seed 002): issues, comments and their history, mounted at /dq."""
