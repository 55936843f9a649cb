"""OpenAPI plugins, one package per version (``-s``); no plugin imports another."""
