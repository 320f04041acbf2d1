"""po: the gettext PO format, and nothing but it.

Owns reading (``catalog.load_po``, confined to the project, CRLF and a
byte-order mark read as msgfmt reads them), writing exactly as GNU msgcat
does (``writer``), merging a template into a translation like ``msgmerge
--previous`` (``catalog.merge``), updating a file a translator may be
saving at the same moment (``update``), whether a header fits its language
(``header``), and the marks the pipeline leaves in entries (``marks``).

Why more than one reader and one merge: each fast path gives exactly what
the reference path gives, and falls back to it on anything it does not fully
understand; tests hold them byte for byte to the reference.

- ``syntax``: the strict reader. Follows gettext's grammar line by line and
  words every error as ``file:line``; polib then builds the entries. The
  reference: every file a fast path declines comes here.
- ``reader``: one pass for files in the plain layout gettext tools write,
  giving the very ``polib.POFile`` and layout ``syntax`` + polib give
  (extract, translate, validate read every PO file on every run).
- ``scan``: for assemble, which reads every PO file and needs only a few
  fields of each entry: a block at a time, the same entries with those
  fields; anything else goes to ``catalog.load_po``.
- ``catalog.merge`` is the merge; ``textmerge`` gives the very bytes of
  ``writer.format_po(catalog.merge(...))`` from the file's text, copying the
  entries a merge leaves as they were (nearly all of them, on every run).

May import: ``pipeline.project``, ``pipeline.runtime``, ``pipeline.errors``.
"""
