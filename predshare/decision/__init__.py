"""``predshare plan``: the lender's decision (MODEL.md section 11): costs and IP risk, ROI
with intervals, a recommendation that survives resampling, break-even values, a pilot and
a staged plan; reported as text, Markdown, JSON and a self-contained HTML page.
:func:`plan` is the API."""

from predshare.decision.pipeline import PlanConfig, PlanResult, plan

__all__ = ["PlanConfig", "PlanResult", "plan"]
