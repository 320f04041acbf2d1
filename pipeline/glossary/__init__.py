"""glossary: the ``localize glossary`` command: show the project's glossary, import TBX into it.

The glossary itself (``po/glossary.csv``, its format, reading, matching)
belongs to ``pipeline.project.glossary``, since validate, translate and this
command all use it. Here: showing it to translators (``stage.show``),
reading TBX termbases (``tbx``) and merging them into the CSV
(``stage.import_tbx``). A stage: it imports no other stage, only the layers
below (``pipeline.mt`` and under).
"""
