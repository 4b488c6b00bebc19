"""Answers more than one resource gives."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify


def created(body: dict[str, Any], location: str) -> tuple[Response, int, dict[str, str]]:
    return jsonify(body), 201, {"Location": location}
