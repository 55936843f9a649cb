"""Real clients that cannot share the test environment, run in venvs of their own."""
