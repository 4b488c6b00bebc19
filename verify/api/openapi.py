"""`GET /api/openapi.json`: an OpenAPI 3.1 description of every /api route.

OPERATIONS below is written by hand, one entry per method and path; the paths, their parameters
and their types come from the app's URL map, so a description never names a parameter the route
does not have. tests/test_openapi.py fails when a route of the URL map has no entry here (or an
entry names a route that is gone). To describe a new route, add one line to OPERATIONS with
`read(...)` or `write(...)` (docs/api.md, "Describing a new route")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask import Flask, Response, current_app, jsonify
from werkzeug.routing import Rule

from ..access import public
from ..choices import ATTRIBUTIONS, FLAGS, SIDES, SPEAKER_KINDS
from ..inputs.files import STATEMENT_FIELDS
from . import bp
from .arguments import MAX_PAGE_SIZE

Schema = dict[str, Any]
PREFIX = "/api"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def text(description: str = "", **more: Any) -> Schema:
    return {"type": "string", **({"description": description} if description else {}), **more}


def nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def one_of(words: Iterable[str], description: str = "") -> Schema:
    return text(description, enum=list(words))


def whole(description: str = "") -> Schema:
    return {"type": "integer", **({"description": description} if description else {})}


def ids(description: str) -> Schema:
    return {"type": "array", "items": {"type": "integer"}, "description": description}


def body(required: Iterable[str] = (), /, **fields: Schema) -> Schema:
    """A JSON object with exactly these fields (the API refuses unknown ones)."""
    schema: Schema = {"type": "object", "properties": fields, "additionalProperties": False}
    if required := list(required):
        schema["required"] = required
    return schema


def page_of(item: str) -> Schema:
    return {
        "type": "object",
        "required": ["items", "total", "limit", "offset"],
        "properties": {
            "items": {"type": "array", "items": ref(item)},
            "total": whole("how many there are in all"),
            "limit": whole(),
            "offset": whole(),
        },
    }


# Fields every person's action takes besides its own (the bearer token names the account that
# acts; the history records it).
ACTOR = {
    "note": nullable(text("why, kept in the history")),
}
PAGING = {
    "limit": whole(f"how many to answer, 1 to {MAX_PAGE_SIZE} (default: the PAGE_SIZE setting)"),
    "offset": whole("how many to skip (default 0)"),
}
HISTORY_FILTERS = {
    **PAGING,
    "group_id": whole("only entries about this group"),
    "statement_id": whole("only entries about this statement"),
    "editor": text("only entries recorded under this account's name"),
}
DATE = text("YYYY-MM-DD", format="date")
SPAN = {
    "anyOf": [
        {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
        text("start-end, start:end or [start, end]"),
        {"type": "null"},
    ],
    "description": "character offsets [start, end) in the source's text",
}
STATEMENT_SCHEMAS: dict[str, Schema] = {
    "text": text("what was said"),
    "speaker": text("who said it"),
    "speaker_kind": nullable(one_of(SPEAKER_KINDS)),
    "speaker_description": nullable(text('e.g. "an army spokesman"')),
    "anonymous": {"type": ["boolean", "string", "null"]},
    "cue": nullable(text('the reporting verb, e.g. "said"')),
    "attribution": nullable(one_of(ATTRIBUTIONS)),
    "span": SPAN,
    "said_on": nullable(DATE),
    "side": nullable(one_of((*SIDES, "unknown"))),
}
SOURCE_FIELDS: dict[str, Schema] = {
    "title": nullable(text()),
    "outlet": nullable(text()),
    "url": nullable(text("an http:// or https:// address", format="uri")),
    "published": nullable(DATE),
    "text": nullable(text("the article's text")),
}
IMPORT_DOCUMENT = {
    "type": "object",
    "description": "the JSON import format (docs/import-formats.md)",
    "properties": {
        "sources": {"type": "array", "items": {"type": "object"}},
        "statements": {"type": "array", "items": {"type": "object"}},
    },
    "additionalProperties": False,
}

# What the API answers; shapes are described in docs/api.md and kept open (more fields may come).
SCHEMAS: dict[str, Schema] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": text("what is wrong")},
    },
    "Source": {"type": "object", "required": ["id"], "properties": {"id": whole()}},
    "Statement": {"type": "object", "required": ["id", "text"], "properties": {"id": whole()}},
    "Group": {"type": "object", "required": ["id"], "properties": {"id": whole()}},
    "Claim": {"type": "object", "required": ["id"], "properties": {"id": whole()}},
    "Speaker": {"type": "object", "required": ["id"], "properties": {"id": whole()}},
    "Action": {"type": "object", "required": ["id", "action"], "properties": {"id": whole()}},
    "Job": {
        "type": "object",
        "required": ["id", "state"],
        "properties": {"id": text(), "state": text()},
    },
    "Ingest": {"type": "object", "required": ["source", "created", "statements"]},
    "Confirmation": {"type": "object", "required": ["source", "statements"]},
    "ImportReport": {
        "type": "object",
        "required": ["sources_added", "statements_added", "statements_skipped"],
    },
}

ERRORS = {
    400: "bad input: the message names the field",
    401: "no valid Bearer token",
    403: "the token's account lacks the role",
    404: "no such resource (or no route)",
    413: "the body is larger than MAX_CONTENT_LENGTH",
    415: "the body is not application/json",
    409: "the resource is not in a state that allows this",
}


def answer(schema: Schema | str, description: str) -> Schema:
    content = ref(schema) if isinstance(schema, str) else schema
    return {"description": description, "content": {"application/json": {"schema": content}}}


def read(
    summary: str, tag: str, ok: Schema | str, *, query: dict[str, Schema] | None = None
) -> Schema:
    """A GET: its answer, its query parameters (with ?limit= and ?offset= for pages)."""
    return {"summary": summary, "tags": [tag], "query": query or {}, "responses": {200: ok}}


def write(
    summary: str,
    tag: str,
    payload: Schema | None,
    responses: dict[int, Schema],
    *,
    body_required: bool = True,
) -> Schema:
    """A POST, PATCH or DELETE: its JSON body (None: it takes none) and its answers."""
    return {
        "summary": summary,
        "tags": [tag],
        "body": payload,
        "body_required": body_required,
        "responses": responses,
    }


GROUP = answer("Group", "the group, side by side")
CLAIM = answer("Claim", "the claim, side by side")
STATEMENT = answer("Statement", "the statement")
SPEAKER = answer("Speaker", "the speaker")
JOB_ACCEPTED = answer("Job", "a background job was started (Location: the job)")

OPERATIONS: dict[tuple[str, str], Schema] = {
    ("GET", "/openapi.json"): read("This description", "API", {"description": "OpenAPI 3.1"}),
    # Sources and articles
    ("GET", "/sources"): read(
        "List sources", "Sources", answer(page_of("Source"), "a page"), query=PAGING
    ),
    ("POST", "/sources"): write(
        "Add a source",
        "Sources",
        body((), **SOURCE_FIELDS),
        {201: answer("Source", "stored (Location)"), 200: answer("Source", "already stored")},
    ),
    ("GET", "/sources/{source_id}"): read(
        "One source with its text", "Sources", answer("Source", "the source")
    ),
    ("POST", "/sources/{source_id}/confirm"): write(
        "Confirm every suggested statement of a source",
        "Sources",
        body((), **ACTOR),
        {200: answer("Confirmation", "the statements confirmed")},
        body_required=False,
    ),
    ("POST", "/articles"): write(
        "Store an article and suggest its statements",
        "Articles",
        body(("text",), **{**SOURCE_FIELDS, "text": text("plain text or HTML")}),
        {
            201: answer("Ingest", "stored (Location)"),
            200: answer("Ingest", "already stored"),
            202: JOB_ACCEPTED,
        },
    ),
    ("POST", "/import"): write(
        "Import sources and statements",
        "Imports",
        IMPORT_DOCUMENT,
        {
            201: answer("ImportReport", "imported"),
            200: answer("ImportReport", "all already stored"),
            202: JOB_ACCEPTED,
        },
    ),
    ("GET", "/jobs/{job_id}"): read(
        "A background job's progress", "Jobs", answer("Job", "the job")
    ),
    # Statements
    ("GET", "/statements"): read(
        "List statements",
        "Statements",
        answer(page_of("Statement"), "a page"),
        query={
            **PAGING,
            "group_id": whole("only this group's"),
            "speaker": text("only this speaker's"),
        },
    ),
    ("POST", "/statements"): write(
        "Add a statement",
        "Statements",
        body(
            ("text", "speaker"),
            **{name: STATEMENT_SCHEMAS[name] for name in STATEMENT_FIELDS},
            source_id=nullable(whole()),
        ),
        {201: answer("Statement", "stored (Location)"), 200: answer("Statement", "already stored")},
    ),
    ("GET", "/statements/{statement_id}"): read("One statement", "Statements", STATEMENT),
    ("PATCH", "/statements/{statement_id}"): write(
        "Edit a statement",
        "Statements",
        body(
            (),
            **{
                name: STATEMENT_SCHEMAS[name]
                for name in (
                    "text",
                    "speaker",
                    "speaker_kind",
                    "cue",
                    "attribution",
                    "said_on",
                    "span",
                    "side",
                )
            },
            **ACTOR,
        ),
        {200: STATEMENT},
    ),
    ("DELETE", "/statements/{statement_id}"): write(
        "Delete a statement",
        "Statements",
        body((), **ACTOR),
        {200: answer({"type": "object"}, "deleted")},
        body_required=False,
    ),
    ("POST", "/statements/{statement_id}/confirm"): write(
        "Confirm a suggested statement",
        "Statements",
        body((), **ACTOR),
        {200: STATEMENT},
        body_required=False,
    ),
    ("POST", "/statements/{statement_id}/side"): write(
        "Set a statement's side in its group",
        "Statements",
        body(("side",), side=nullable(one_of((*SIDES, "unknown"))), **ACTOR),
        {200: answer({"type": "object"}, "the statement's membership")},
    ),
    ("POST", "/statements/{statement_id}/move"): write(
        "Move a statement to another group (null: a new one)",
        "Statements",
        body(("group_id",), group_id=nullable(whole()), **ACTOR),
        {200: GROUP},
    ),
    ("POST", "/statements/{statement_id}/claim"): write(
        "Move a statement to another claim of its group (null: a new one)",
        "Statements",
        body(("claim_id",), claim_id=nullable(whole()), **ACTOR),
        {200: GROUP},
    ),
    # Groups and claims
    ("GET", "/groups"): read(
        "List groups, disputed first",
        "Groups",
        answer(page_of("Group"), "a page"),
        query={**PAGING, "flag": one_of(FLAGS, "only groups with this flag")},
    ),
    ("GET", "/groups/{group_id}"): read(
        "One group: members per side", "Groups", GROUP, query=PAGING
    ),
    ("GET", "/groups/{group_id}/history"): read(
        "A group's history", "Groups", answer(page_of("Action"), "a page"), query=PAGING
    ),
    ("POST", "/groups/{group_id}/split"): write(
        "Split statements off into a new group",
        "Groups",
        body(("statement_ids",), statement_ids=ids("the statements to split off"), **ACTOR),
        {201: GROUP},
    ),
    ("POST", "/groups/{group_id}/merge"): write(
        "Merge another group into this one",
        "Groups",
        body(("group_id",), group_id=whole("the group to merge in"), **ACTOR),
        {200: GROUP},
    ),
    ("POST", "/groups/{group_id}/flag"): write(
        "Set or clear a group's flag",
        "Groups",
        body(("flag",), flag=nullable(one_of(FLAGS)), **ACTOR),
        {200: GROUP},
    ),
    ("POST", "/groups/{group_id}/publish"): write(
        "Publish a group an editor has flagged, or one with a flagged claim (409 until then): "
        "its public page and ClaimReview",
        "Publishing",
        body((), **ACTOR),
        {200: answer({"type": "object"}, "the group's publication and its public page")},
        body_required=False,
    ),
    ("POST", "/groups/{group_id}/unpublish"): write(
        "Take a group's public page down",
        "Publishing",
        body((), **ACTOR),
        {200: answer({"type": "object"}, "the group's publication, now withdrawn")},
        body_required=False,
    ),
    ("GET", "/groups/{group_id}/claimreview"): read(
        "The group's schema.org ClaimReviews as JSON-LD, one per side of each claim with a verdict "
        "(409 until an editor flags the group or one of its claims)",
        "Publishing",
        answer({"type": "array", "items": {"type": "object"}}, "ClaimReview objects"),
    ),
    ("GET", "/export/{what}.{kind}"): read(
        "Every statement, or every group with its members' sides, as JSON or CSV (streamed)",
        "Exports",
        answer({"type": "object"}, "the export (text/csv for .csv)"),
    ),
    ("POST", "/groups/{group_id}/stance"): write(
        "Judge the group's sides again", "Groups", body(()), {200: GROUP}, body_required=False
    ),
    ("GET", "/claims/{claim_id}"): read("One claim of a group, side by side", "Claims", CLAIM),
    ("POST", "/claims/{claim_id}/split"): write(
        "Split statements off into a new claim",
        "Claims",
        body(("statement_ids",), statement_ids=ids("the claim's statements to split off"), **ACTOR),
        {201: CLAIM},
    ),
    ("POST", "/claims/{claim_id}/merge"): write(
        "Merge another claim of the same group into this one",
        "Claims",
        body(("other_claim",), other_claim=whole("the claim to merge in"), **ACTOR),
        {200: CLAIM},
    ),
    ("POST", "/claims/{claim_id}/flag"): write(
        "Set or clear a claim's flag",
        "Claims",
        body(("flag",), flag=nullable(one_of(FLAGS)), **ACTOR),
        {200: CLAIM},
    ),
    # History and speakers
    ("GET", "/actions"): read(
        "The whole history, newest first",
        "History",
        answer(page_of("Action"), "a page"),
        query=HISTORY_FILTERS,
    ),
    ("GET", "/history"): read(
        "History entries, newest first, with their hashes; filtered by group, statement or editor",
        "History",
        answer(page_of("Action"), "a page"),
        query=HISTORY_FILTERS,
    ),
    ("GET", "/speakers"): read(
        "List speakers with their counts",
        "Speakers",
        answer(page_of("Speaker"), "a page"),
        query=PAGING,
    ),
    ("GET", "/speakers/{speaker_id}"): read(
        "One speaker with aliases and statements", "Speakers", SPEAKER
    ),
    ("POST", "/speakers/{speaker_id}/merge"): write(
        "Merge another speaker into this one",
        "Speakers",
        body(("speaker_id",), speaker_id=whole("the speaker to merge in"), **ACTOR),
        {200: SPEAKER},
    ),
    ("POST", "/speakers/{speaker_id}/split"): write(
        "Move some statements to a new speaker",
        "Speakers",
        body(
            ("statement_ids", "name"),
            statement_ids=ids("the statements to move"),
            name=text("the new speaker"),
            kind=nullable(one_of(SPEAKER_KINDS)),
            **ACTOR,
        ),
        {201: SPEAKER},
    ),
}
PUBLIC = {("GET", "/openapi.json")}  # needs no token


def openapi_path(rule: str) -> str:
    """/api/groups/<int:group_id> -> /groups/{group_id}."""
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.removeprefix(PREFIX))


def api_routes(app: Flask) -> dict[tuple[str, str], Rule]:
    """Every (method, path) of the URL map under /api, with its rule."""
    found: dict[tuple[str, str], Rule] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule == PREFIX or rule.rule.startswith(PREFIX + "/"):
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found[(method, openapi_path(rule.rule))] = rule
    return found


def _path_schema(converter: str) -> Schema:
    """An `int` variable is an id (a whole number from 1); `any(a, b)` one of its words."""
    if converter == "int":
        return {"type": "integer", "minimum": 1}
    if converter.startswith("any("):
        return text(enum=[word.strip() for word in converter[4:-1].split(",")])
    return text()


def _parameters(rule: Rule, query: dict[str, Schema]) -> list[Schema]:
    """The rule's path variables (an `int` one is an id: a whole number from 1), then `query`."""
    in_path = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": _path_schema(converter),
        }
        for converter, name in re.findall(r"<(?:([^<>:]+):)?([^<>]+)>", rule.rule)
    ]
    in_query = [
        {"name": name, "in": "query", "required": False, "schema": schema}
        for name, schema in query.items()
    ]
    return in_path + in_query


def _error_codes(method: str, path: str, described: Schema) -> list[int]:
    codes = [400] if method in WRITE_METHODS or described.get("query") else []
    if (method, path) not in PUBLIC:
        codes += [401, 403] if method in WRITE_METHODS else [401]
    if "{" in path:
        codes.append(404)
    if described.get("body") is not None:
        codes += [413, 415]
    return codes


def _operation(method: str, path: str, rule: Rule, described: Schema) -> Schema:
    operation: Schema = {
        "operationId": rule.endpoint.removeprefix("api."),
        "summary": described["summary"],
        "tags": described["tags"],
        "responses": {str(status): response for status, response in described["responses"].items()},
    }
    parameters = _parameters(rule, described.get("query", {}))
    if parameters:
        operation["parameters"] = parameters
    if described.get("body") is not None:
        operation["requestBody"] = {
            "required": described["body_required"],
            "content": {"application/json": {"schema": described["body"]}},
        }
    for code in _error_codes(method, path, described):
        operation["responses"].setdefault(str(code), answer("Error", ERRORS[code]))
    operation["responses"]["default"] = answer("Error", "anything else, e.g. 500 or 503")
    if (method, path) in PUBLIC:
        operation["security"] = []
    return operation


def openapi_document(app: Flask) -> Schema:
    """The OpenAPI 3.1 document for the routes of `app` that OPERATIONS describes."""
    paths: dict[str, Schema] = {}
    for (method, path), rule in sorted(api_routes(app).items(), key=lambda item: item[0][1]):
        described = OPERATIONS.get((method, path))
        if described is not None:
            paths.setdefault(PREFIX + path, {})[method.lower()] = _operation(
                method, path, rule, described
            )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "verify",
            "version": "1",
            "description": "The JSON API of the verify desk; docs/api.md says more.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "a token made with `flask --app verify tokens create NAME`",
                }
            },
        },
    }


@bp.get("/openapi.json")
@public
def openapi_json() -> Response:
    return jsonify(openapi_document(current_app))
