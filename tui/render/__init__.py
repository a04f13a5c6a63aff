"""Rich renderables of the model (summary, map, chart) and the exports built from them.

No Textual import here (an import-linter contract says so): the exports and the no-terminal
fallback use these without a terminal app.
"""
