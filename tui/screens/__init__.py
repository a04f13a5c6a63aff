"""Screens and tabs of the dashboard, one module each."""
