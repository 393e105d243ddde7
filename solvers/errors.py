"""The two ways a solver can decline to answer.

* :class:`SolverLimitError` - the instance is beyond what the chosen method can solve;
  the message names the limit and the method to use instead. It is a ValueError (the
  request cannot be served as given): exit code 2 from the CLI.
* :class:`SolverFailure` - a solver ran but did not deliver a certified answer (a status
  other than optimal, no convergence, an answer that fails its exact check). Not the
  user's fault: exit code 1 from the CLI.
"""

from __future__ import annotations


class SolverLimitError(ValueError):
    """The instance is beyond what the chosen method can solve (the message says why and
    which method to use instead)."""


class SolverFailure(RuntimeError):
    """A solver did not deliver a certified answer (the message names the solver and its
    status)."""
