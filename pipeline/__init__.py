"""Article localization pipeline: Markdown → gettext PO → translated HTML and Markdown."""

__version__ = "0.1.0"
