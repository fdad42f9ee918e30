"""Preflight: check a written PDF against PDF/X-1a:2001 and the paper's print limits."""
from layout.preflight.checks import FAIL, PASS, WARN, Check, Report, preflight

__all__ = ["FAIL", "PASS", "WARN", "Check", "Report", "preflight"]
