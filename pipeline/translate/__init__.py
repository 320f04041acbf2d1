"""translate: fill missing PO entries by machine translation, marked for review.

The stage (``stage.translate``), its summary for people (``report``) and its
record of PO files with nothing to fill (``nothingtofill``). A stage: it
imports no other stage, only the layers below (``pipeline.mt`` and under).
"""
