"""WSGI entry point for a production server, e.g. `gunicorn wsgi:app` (set VERIFY_* env first)."""

from verify import create_app

app = create_app()
