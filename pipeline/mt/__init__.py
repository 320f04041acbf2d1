"""mt: machine translation, behind one small interface.

Owns the engines (``engines``: online ones through deep-translator, offline
ones), sending texts to them concurrently with deadlines, retries and a
circuit breaker (``dispatch``), the on-disk cache of answers (``cache``),
translation memory from other PO files (``memory``), protecting markup and
do-not-translate terms with placeholders (``placeholders``), and filling a
PO file without clobbering a translator's edits (``tracked``).

May import: ``pipeline.checks``, ``pipeline.po``, ``pipeline.markdown``,
``pipeline.project``, ``pipeline.runtime``, ``pipeline.errors``.
"""
