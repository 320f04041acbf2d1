"""assemble: PO + source → localized editions in ``output/<lang>/``.

The stage (``build.assemble``, and its layout preview), the site-wide pages
(``indexes``) and what a run wrote (``output``); what each page shows and
whether a language is published (``policy``, by each entry's verdict,
``pipeline.checks.verdict``); the HTML edition (``html``, ``render``,
``bidi``, ``chrome``, ``summary``, templates and stylesheet), the Markdown
edition (``markdown``) and the editions for static-site generators
(``generators``), with the files articles refer to (``assets``). A stage: it
imports no other stage, only the layers below (``pipeline.checks`` and
under).
"""
