"""The headless core: the dataset model, its schema and loader, cache, config and file rules.

Nothing here imports Textual or Rich (an import-linter contract in pyproject.toml says so).
"""
