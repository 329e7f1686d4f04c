"""The search engine: the only package that knows Whoosh."""
