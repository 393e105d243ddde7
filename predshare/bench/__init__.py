"""``predshare bench``: one benchmark harness (harness), its cases (cases) and its
report (report: RESULTS.md, plots, the README's performance block)."""
