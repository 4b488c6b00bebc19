"""Vectors -> events: the grouping score and incremental index (index.py), whole-corpus
clustering for `regroup` (clustering.py) and the anchors both score with (anchors.py).

No Flask and no database here: placement, which reads and writes rows, is a service
(`verify.services.placement`).
"""
