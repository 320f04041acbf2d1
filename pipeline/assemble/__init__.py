"""assemble: PO + source → localized editions in ``output/<lang>/``."""
