"""WSGI entry point for a production server, e.g. `gunicorn wsgi:app` (set VERIFY_* env first).

It refuses to load while SECRET_KEY is the public default: set VERIFY_SECRET_KEY."""

from verify import create_app

app = create_app(serve=True)
