"""Persistence of the reviewer's decisions (TinyDB) and the exports. Knows nothing of the screen."""
