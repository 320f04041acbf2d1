"""extract: English Markdown in ``source/`` → templates and PO files in ``po/``.

The stage (``stage.extract``) and the site's own strings (``site``). A
stage: it imports no other stage, only the layers below
(``pipeline.checks``, ``pipeline.po``, ``pipeline.markdown``,
``pipeline.project``, ``pipeline.runtime``, ``pipeline.errors``).
"""
