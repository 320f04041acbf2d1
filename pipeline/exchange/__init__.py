"""exchange: XLIFF and TMX out to CAT tools, and back into the PO files and the memory.

The stage (``stage.export_files``, ``stage.import_files``), the XLIFF 1.2
and 2.0 documents (``xliff``, read back by ``incoming``), and putting what
a CAT tool returns into PO entries (``apply``). TMX is ``mt.tmx``'s, as
the translation memory the translate stage consults is ``mt``'s. Formats
are read and written with translate-toolkit's storage classes, inline
codes with lxml.

A stage: it imports no other stage, only the layers below (``pipeline.mt``
and under).
"""
