"""Background jobs: imports, large articles and judging sides, with their progress.

`store` keeps the `job` rows (the truth about every job, whichever queue runs it), `work` does
what each kind of job does, `queues` decides where it runs: in this thread (tests), in a worker
thread of the app (the embedded default), or on Redis with RQ (`flask --app verify worker`).
No Flask here: the app wires a `queues.Context` in `verify.worker`.
"""
