"""`flask --app verify eval ...`: each task's reader and scorer (attribution.py, grouping.py,
stance.py) over the shared metrics (metrics.py) and JSONL reading (jsonl.py)."""
