"""translate: fill missing PO entries by machine translation, marked for review.

The stage (``stage.translate``) and its summary for people (``report``). A
stage: it imports no other stage, only the layers below (``pipeline.mt``
and under).
"""
