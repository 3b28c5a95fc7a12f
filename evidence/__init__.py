"""The domain: study records, the readers for each input format, and the field extractors.

Headless by design: nothing here imports the store or the screen.
"""
