"""layout: a print-edition engine for Chinese newspapers.

edition + styles (validated models) → fonts → text composer → page composer → renderer → preflight.
"""
__version__ = "0.1.0"
