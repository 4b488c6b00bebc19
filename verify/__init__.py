"""verify: a claim-and-counterclaim desk for newsrooms."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from . import serving
from .backbone import configure_precision
from .embedding import Embedder, check_backend, make_embedder
from .ids import IdConverter

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"  # the stylesheet and the little script of long forms, at /static/


def create_app(
    test_config: dict[str, Any] | None = None,
    *,
    embedder: Embedder | None = None,
    serve: bool = False,
) -> Flask:
    """Build the app: config, database, embedder, blueprints, commands. Wiring only.

    `serve` (wsgi.py), like `flask run`, refuses the default SECRET_KEY (verify/serving.py)."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(TEMPLATES),
        static_folder=str(STATIC),
    )
    # Block tags leave no blank lines or indentation behind: a group page of 120 cards was
    # half whitespace.
    app.jinja_options = {**app.jinja_options, "trim_blocks": True, "lstrip_blocks": True}
    app.config.from_object("verify.config.Config")
    if test_config is None:
        app.config.from_prefixed_env("VERIFY")
    else:
        app.config.update(test_config)
    if not app.config.get("DATABASE_URL"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'verify.sqlite'}"
    if serve or serving.is_flask_run():  # before anything loads: a refusal comes at once
        serving.refuse_default_secret_key(app)
    configure_precision(app.config["PRECISION"])
    backend = check_backend(app.config["EMBEDDING_BACKEND"])  # refused even when one is given
    cache = app.config["EMBEDDING_CACHE"] or Path(app.instance_path) / "embedding"
    app.extensions["verify.embedder"] = embedder or make_embedder(
        backend, Path(cache), threads=app.config.get("EMBEDDING_THREADS")
    )

    from . import access, background, cli, db, garbage, headers
    from .api import bp as api_bp
    from .public import bp as public_bp
    from .review import bp as review_bp

    garbage.init_app(app)  # first: its teardown runs after the session is closed
    db.init_app(app)
    background.init_app(app)  # after db: its teardown runs before the session closes
    app.url_map.converters["int"] = IdConverter  # before any route is added
    app.register_blueprint(review_bp)
    app.register_blueprint(api_bp, url_prefix="/api")
    app.register_blueprint(public_bp)
    headers.init_app(app)
    access.init_app(app)
    access.csrf.exempt(api_bp)  # the API takes bearer tokens, never the session's cookie
    cli.init_app(app)
    return app
