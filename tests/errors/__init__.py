"""Errors and retries (issue 4): the status table, tolerant parsing, budgeted retries."""
