"""The ``predshare data`` command's family: real loan records to a recommended contract
(issue 10). :func:`run_data` is the API; the CLI and the report build on it."""

from predshare.data.pipeline import DataConfig, DataReport, SizeResult, run_data

__all__ = ["DataConfig", "DataReport", "SizeResult", "run_data"]
