"""Reading saved files into ``records.Document``: decoding, page furniture, metadata, structure.

``reader`` is the way in (one file, a folder tree, a batch with its skip
report) and ``batch`` reads a whole archive, learning its furniture;
``decoding`` turns bytes into text, ``html_page`` turns a saved page into
labelled lines and body text (``lxml_page`` does the same faster for the
sites ``layouts`` knows), ``pdf`` and ``docx`` do the same for PDFs and
Word files, ``cleaning`` removes Refworld's page furniture and ``furniture``
the furniture learned from the archive, ``structure`` finds sections and
paragraphs, ``metadata`` (with ``titles``, ``published`` and ``tiers``) has
one extractor per Document field. Nothing here knows about the index, and
nothing below the reader imports it: what works on a finished Document
(``indexer.locations``, ``indexer.duplicates``) and the forked processes'
set-up (``indexer.workers``) sit below it, in the model.
"""
