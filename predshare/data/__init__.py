"""The ``predshare data`` command's family: real loan records to a recommended contract
(MODEL.md sections 2 and 11). :func:`run_data` is the API; the CLI and the report build on it."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from predshare.data.pipeline import DataConfig, DataReport, SizeResult, run_data


def __getattr__(name: str) -> object:
    """The pipeline loads on first use (``predshare.commands.data`` does not need it)."""
    if name in __all__:
        from predshare.data import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'predshare.data' has no attribute {name!r}")


__all__ = ["DataConfig", "DataReport", "SizeResult", "run_data"]
