"""Reading saved files into ``records.Document``: decoding, page furniture, metadata.

``reader`` is the way in (one file, a folder tree, a batch with its skip
report); ``decoding`` turns bytes into text, ``html_page`` turns a saved page
into labelled lines and body text, ``cleaning`` removes Refworld's page
furniture, and ``metadata`` has one extractor per Document field. Nothing
here knows about the index.
"""
