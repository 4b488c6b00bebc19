"""Defaults for the app; every one can be overridden by a VERIFY_* environment variable
(`VERIFY_GROUPING_THRESHOLD=0.55` sets GROUPING_THRESHOLD). docs/settings.md lists them all."""

from __future__ import annotations


class Config:
    """One place for settings. `VERIFY_DATABASE_URL` overrides DATABASE_URL, and so on."""

    # SQLAlchemy URL; None means a SQLite file in the instance folder.
    DATABASE_URL: str | None = None
    # Signs the session cookie that keeps the login; `flask run` and wsgi.py refuse this public
    # default outside debug and testing.
    SECRET_KEY = "dev-only-change-me"
    # The newsroom that publishes the desk's ClaimReviews (their `author`), and its home page.
    PUBLISHER_NAME = "verify desk"
    PUBLISHER_URL: str | None = None
    # Review UI forms must send back the session's CSRF token; only tests should turn this off.
    CSRF_ENABLED = True
    # Seconds a form's CSRF token stays valid; None: as long as the login session.
    WTF_CSRF_TIME_LIMIT: int | None = None
    # Let anyone read the pages and GET the API without logging in (writes still need a login).
    READ_WITHOUT_LOGIN = False
    # Send the session cookie over HTTPS only: set true wherever the desk is served over HTTPS.
    SESSION_COOKIE_SECURE = False
    # The session cookie is out of reach of the pages' scripts.
    SESSION_COOKIE_HTTPONLY = True
    # The session cookie is not sent with another site's posts (nor its frames and fetches).
    SESSION_COOKIE_SAMESITE = "Lax"
    # Refused logins on one account name, or from one address, before each attempt must wait.
    LOGIN_FAILURES_ALLOWED = 5
    # Seconds a refused login counts towards that limit.
    LOGIN_FAILURE_WINDOW = 900
    # Seconds of the first wait past the limit; each further refusal doubles it.
    LOGIN_FIRST_WAIT = 2.0
    # Days an API token lasts from its creation; 0 or None: until revoked.
    API_TOKEN_DAYS = 365
    # Largest accepted request body (uploads of JSON/CSV imports), in bytes.
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    # Threads of the embedding model (torch or onnxruntime); 1 is steadier on a small shared box.
    EMBEDDING_THREADS = 1
    # How the embedding model runs: "torch" (sentence-transformers) or "onnx-int8" (onnxruntime).
    EMBEDDING_BACKEND = "torch"
    # Folder for the onnx-int8 model, exported there on first use; None: instance/embedding.
    EMBEDDING_CACHE: str | None = None
    # Statements per page in list views.
    PAGE_SIZE = 50
    # Seconds a write on SQLite waits for another writer (an import, a confirm) before failing.
    SQLITE_BUSY_TIMEOUT = 30.0
    # Where background jobs run: auto (RQ if REDIS_URL is set, else a worker thread of the app),
    # thread, rq, or inline (at once, in the request: tests).
    JOBS = "auto"
    # Redis for RQ (`redis://127.0.0.1:6379/0`); with it, `flask --app verify worker` runs jobs.
    REDIS_URL: str | None = None
    # Seconds without a heartbeat after which a running job counts as abandoned and is resumed.
    JOB_STALE_SECONDS = 120.0
    # Score a statement needs to join an event group ("same event", well below paraphrase).
    GROUPING_THRESHOLD = 0.5
    # `regroup` merges two groups whose centroids score at least this; 0 or less never merges.
    MERGE_THRESHOLD = 0.65
    # After placing, a group that took statements joins a near group of the same days whose
    # centroid cosine reaches this (both of 5 members or more, no person's decision on either);
    # 0 never merges. 0.85 joined the development coverage's split gas-attack events.
    EVENT_MERGE_THRESHOLD = 0.85
    # Cosine the centroid of an article's statements needs with an event's centroid for the
    # whole article to join that event; 0 or less: each statement picks its event alone.
    ARTICLE_THRESHOLD = 0.8
    # An article joins an event only within this many days of its nearest article, the event then
    # spanning at most twice that (two events merge by the same rule); undated articles are free.
    EVENT_DAYS = 3
    # Statements placed between writes of the group index beside a SQLite file; 0: never write.
    GROUPING_INDEX_SAVE_EVERY = 1000
    # Conflict score (0-1) from which a claim (and so its group) is suggested disputed.
    DISPUTE_THRESHOLD = 0.5
    # Mean cosine that keeps members of one event in one claim (who did it, how many died, ...).
    CLAIM_THRESHOLD = 0.35
    # The same for events of 20 members or more, whose vectors are first centred on the event's
    # mean (what each says beyond the shared topic): 0 is "more alike than two members taken at
    # random".
    CENTRED_CLAIM_THRESHOLD = 0.0
    # Members of an event that assign or reject responsibility in so many words (who did it)
    # form one claim, whatever their vectors say; False leaves claims to the vectors alone.
    CLAIM_ASPECTS = True
    # Tagger and pair-model matrix products: auto (bfloat16 where native), float32 or bfloat16.
    PRECISION: str | None = None  # None: VERIFY_PRECISION, else "auto"
