"""Test-suite settings: reproducible hypothesis runs in CI, a long exploring run on demand.

``HYPOTHESIS_PROFILE=ci`` (the default): derandomized (the same examples every run), no
deadline, the example budgets written in the tests. ``HYPOTHESIS_PROFILE=explore``
(``make test-explore``): random examples, ten times the budgets.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

COMMON = dict(
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("ci", derandomize=True, max_examples=50, **COMMON)
settings.register_profile("explore", derandomize=False, max_examples=500, **COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def budget(examples: int) -> int:
    """An example budget: as written under the ci profile, ten times it when exploring."""
    return examples * (10 if settings.default.derandomize is False else 1)
