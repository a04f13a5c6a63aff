"""minusma-tui: a keyboard-first terminal dashboard of MINUSMA's withdrawal from Mali."""

__version__ = "0.1.0"
