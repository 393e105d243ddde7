"""The papers' claims as executable checks (issue 5)."""
