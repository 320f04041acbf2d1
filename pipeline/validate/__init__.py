"""validate: every check on every entry, completeness gates, reports for people and CI.

The stage (``stage.validate``), its reports (``report``: text, JSON, JUnit,
GitHub) and its cache of results (``cache``). A stage: it imports no other
stage, only the layers below (``pipeline.checks`` and under).
"""
