"""project: what a project is, and where its files live.

Owns the settings (``[tool.localize]``, environment, flags: ``settings``),
the one table of per-language facts (``languages``), where every source,
template, PO file and output lives and the rule that keeps all of them inside
the project (``layout``), and the site's own strings (``site``).

May import: ``pipeline.runtime`` and ``pipeline.errors``.
"""
