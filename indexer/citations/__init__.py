"""Citations: writing them in every style, and finding the document a pasted one names."""
