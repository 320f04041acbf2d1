"""mt: machine translation, behind one small interface.

Owns the engines (``engines``: online ones through deep-translator, ``llm``
through the openai SDK, offline ones), the ``llm`` engine's article-level
work (``llm``: context, prompt, batching, checking answers), sending texts
to engines concurrently with deadlines, retries and a circuit breaker
(``dispatch``), the on-disk cache of answers (``cache``),
translation memory from other PO files (``memory``), protecting markup and
do-not-translate terms with placeholders (``placeholders``), and filling a
PO file without clobbering a translator's edits (``tracked``).

May import: ``pipeline.checks``, ``pipeline.po``, ``pipeline.markdown``,
``pipeline.project``, ``pipeline.runtime``, ``pipeline.errors``.
"""
