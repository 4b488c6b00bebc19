"""The name an editor works under, remembered in the session for the history."""

from __future__ import annotations

import flask
from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from . import bp
from .forms import EDITOR_KEY, is_local


@bp.post("/editor")
def remember_editor() -> ResponseReturnValue:
    name = (request.form.get("editor") or "").strip()
    if name:
        flask.session[EDITOR_KEY] = name[:200]
        flash(f"Working as {name}.", "success")
    else:
        flask.session.pop(EDITOR_KEY, None)
        flash("Name cleared: actions will ask for it.", "success")
    target = request.form.get("next") or ""
    return redirect(target if is_local(target) else url_for(".groups"))
