"""Text composer: a paragraph (styled spans) → justified lines for a measure. No drawing."""
from layout.text.compose import Spacing, Span, compose_paragraph

__all__ = ["Spacing", "Span", "compose_paragraph"]
