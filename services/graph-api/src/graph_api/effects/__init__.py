"""What a published proposal set changed: people who accepted against people who did not
(pure computation in compute.py, its summary in words in wording.py; the store reads the
graph, store/effects.py; the API, api/effects.py)."""
