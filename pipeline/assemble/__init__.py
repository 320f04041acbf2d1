"""assemble: PO + source → localized editions in ``output/<lang>/``.

The stage (``build.assemble``, and its layout preview); what each page
shows and whether a language is published (``policy``, by each entry's
verdict, ``pipeline.checks.verdict``); the HTML edition (``html``, ``render``, ``bidi``,
``chrome``, ``summary``, templates and stylesheet) and the Markdown edition
(``markdown``). A stage: it imports no other stage, only the layers below
(``pipeline.checks`` and under).
"""
