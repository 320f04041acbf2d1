"""validate: every check on every entry, completeness gates, reports for people and CI.

The stage (``stage.validate``), what it found and its gates (``results``)
and its reports (``report``: text, JSON, JUnit, GitHub). Its cache of
results is ``pipeline.checks.cache``, a layer below, because assemble and
status read it too (``checks.findings``). A stage: it imports no other stage, only the layers below
(``pipeline.checks`` and under).

Why that cache is not the stage manifest (``runtime.manifest``) extract,
translate and assemble keep: validate's results are addressed by content
(a file's bytes, template, language and settings; an entry's text and
marks), so an entry moved, or a file checked under other settings, finds
its results again; and the entry table holds a row per entry ever checked,
read row by row from SQLite, never loaded whole.
"""
