"""The desk's commands: migrate, import, ingest, confirm, groups, regroup, reembed, stance, demo."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import db, services
from ..api.serializers import extracted_json, group_json, stance_report_json
from ..choices import JobKind, Role, column_of
from ..inputs.demo import demo_batch
from ..inputs.documents import read_article
from ..inputs.files import decode, parse_import
from ..inputs.records import source_from_mapping
from ..jobs.store import create_job
from ..models import Claim, ClaimGroup, Membership
from ..services import accounts
from ..services.articles import source_statements
from ..services.judging import judge_due
from ..services.settings import settings_of
from ..services.stance import judge_groups
from .accounts import editor_account
from .guards import fail, one_transaction, read_file
from .jobs import queue_sides, run_with_progress, worker_command


@click.command("migrate")
@with_appcontext
def migrate_command() -> None:
    """Create or upgrade the database schema (Alembic, to the newest revision)."""
    db.upgrade(current_app.config["DATABASE_URL"])
    click.echo("database is at the newest revision")


@click.command("import")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--editor",
    default=None,
    help="The account the file's sides are recorded under (without it: `import`).",
)
def import_command(file: str, editor: str | None) -> None:
    """Import sources and statements from a JSON or CSV FILE (see docs/import-formats.md).

    The import is a job, run here with a progress bar, in batches of IMPORT_BATCH statements,
    each its own short transaction; if it is stopped, importing the file again (or `flask --app
    verify worker --burst`) adds the rest, never a statement twice."""
    recorded = "import" if editor is None else editor_account(editor, "nothing was imported")
    data = read_file(file)
    name = Path(file).name
    with one_transaction(f"{file}: ", "nothing was imported") as session:
        batch = parse_import(data, name)
        services.check_import(batch)  # the whole file is checked before anything is written
        total = len(batch.statements)
        job = create_job(session, JobKind.IMPORT, name, decode(data, name), recorded, total)
    outcome = run_with_progress(job.id, total, "importing")
    if outcome.state == "failed":
        fail(f"{file}: {outcome.message}; import the file again to add the rest")
    click.echo(outcome.message)
    if outcome.sides_due:
        queue_sides()


@click.command("ingest")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--title", help="The article's title (default: the HTML <title> or first line).")
@click.option("--outlet", help="Who published it.")
@click.option("--url", help="Where it was published.")
@click.option("--published", help="When it was published, YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Print the statements as one JSON line last.")
def ingest_command(
    file: str,
    title: str | None,
    outlet: str | None,
    url: str | None,
    published: str | None,
    as_json: bool,
) -> None:
    """Store an article (a text or HTML FILE) and suggest the statements found in it.

    They wait as suggestions, neither embedded nor grouped, until confirmed (`confirm`)."""
    with one_transaction() as session:
        article = read_article(read_file(file), Path(file).name)
        given = source_from_mapping(
            {
                "title": title if title and title.strip() else article.title,
                "outlet": outlet,
                "url": url,
                "published": published,
                "text": article.text,
            }
        )
        report = services.ingest_article(session, given)
        statements = (
            report.suggested if report.created else source_statements(session, report.source.id)
        )
        shapes = [extracted_json(s) for s in statements]
    click.echo(report.summary)
    if report.suggested:
        click.echo(
            f"source #{report.source.id}: confirm them with "
            f"`flask --app verify confirm {report.source.id} --editor ACCOUNT`"
        )
    if as_json:
        click.echo(json.dumps(shapes, ensure_ascii=False))


@click.command("confirm")
@with_appcontext
@click.argument("source_id", type=int)
@click.option("--editor", required=True, help="Your account's name, kept in the history.")
@click.option("--note", default=None, help="Why, kept in the history.")
def confirm_command(source_id: int, editor: str, note: str | None) -> None:
    """Confirm every suggested statement of source SOURCE_ID: embed and group them."""
    editor = editor_account(editor, "nothing was confirmed")
    try:
        with one_transaction() as session:
            confirmed = services.confirm_source(session, db.get_embedder(), source_id, editor, note)
            groups = {s.membership.group_id for s in confirmed if s.membership}
    except services.NotFound as error:
        fail(str(error))
    click.echo(
        f"confirmed {len(confirmed)} statement(s) of source #{source_id}; "
        f"they are in {len(groups)} group(s)"
    )


@click.command("groups")
@with_appcontext
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of groups.")
@click.option("--limit", type=int, default=None, help="Show at most this many groups.")
def groups_command(as_json: bool, limit: int | None) -> None:
    """List groups with their statements: disputed first, then by conflict score."""
    groups = services.list_groups(db.get_session(), limit=limit)
    if as_json:
        click.echo(json.dumps([group_json(g) for g in groups], ensure_ascii=False))
        return
    for group in groups:
        click.echo(f"#{group.id}{_flag_words(group)}{_conflict_words(group)} {group.label}")
        if group.conflict_reason:
            click.echo(f"    reason: {group.conflict_reason}")
        by_claim: dict[int | None, list[Membership]] = {}
        for membership in group.memberships:
            by_claim.setdefault(membership.claim_id, []).append(membership)
        claims = sorted(group.claims, key=lambda c: (c.shown_flag != "disputed", c.id))
        for claim in claims:
            click.echo(f"  claim {claim.id}{_flag_words(claim)}{_conflict_words(claim)}")
            for membership in by_claim.get(claim.id, []):
                _echo_member(membership, claim.central_statement_id)
        for membership in by_claim.get(None, []):
            _echo_member(membership, None)


def _flag_words(target: ClaimGroup | Claim) -> str:
    if target.flag:
        return f" [{target.flag}]"
    return f" [suggested {target.suggested_flag}]" if target.suggested_flag else ""


def _conflict_words(target: ClaimGroup | Claim) -> str:
    return f" conflict {target.conflict:.2f}" if target.conflict is not None else ""


def _echo_member(membership: Membership, central: int | None) -> None:
    statement = membership.statement
    side = column_of(membership.shown_side)
    if membership.side is None and membership.side_confidence is not None:
        side = f"{side} {membership.side_confidence:.0%}"
    mark = "*" if statement.id == central else " "
    click.echo(f"    {mark} {side:<13} {statement.speaker.name}: {statement.text[:100]}")


@click.command("regroup")
@with_appcontext
@click.option(
    "--threshold",
    type=click.FloatRange(min=0.0, min_open=True),
    default=None,
    help="Score a statement needs to join a group, for this run (default: GROUPING_THRESHOLD).",
)
def regroup_command(threshold: float | None) -> None:
    """Recompute machine-suggested group memberships; confirmed ones stay."""
    with one_transaction() as session:
        params = settings_of(session).grouping
        if threshold is not None:
            params = replace(params, threshold=threshold)
        report = services.regroup(session, db.get_embedder().name, params)
    click.echo(
        f"regrouped {report.statements} statement(s) into {report.groups} group(s): "
        f"{report.moved} moved, {report.kept} confirmed kept, "
        f"{report.groups_created} group(s) created, {report.groups_removed} removed"
    )


@click.command("reembed")
@with_appcontext
def reembed_command() -> None:
    """Embed every statement again with the current model, then regroup."""
    embedder = db.get_embedder()
    with one_transaction() as session:
        count = services.reembed(session, embedder)
    click.echo(f"re-embedded {count} statement(s) with {embedder.name} and regrouped")


@click.command("stance")
@with_appcontext
@click.option("--group", "group_id", type=int, default=None, help="Judge only this group.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
def stance_command(group_id: int | None, as_json: bool) -> None:
    """Judge who asserts and who denies in every group (or one) from scratch, and suggest the
    disputed ones. A side or flag a person chose is kept."""
    try:
        with one_transaction() as session:
            report = judge_groups(session, None if group_id is None else [group_id])
    except services.NotFound as error:
        fail(str(error))
    if as_json:
        click.echo(json.dumps(stance_report_json(report), ensure_ascii=False))
        return
    disputed = report.disputed
    click.echo(f"judged {len(report.groups)} group(s); {len(disputed)} suggested disputed")
    for group in disputed:
        click.echo(f"#{group.id} conflict {group.conflict or 0.0:.2f}: {group.conflict_reason}")


DEMO_ACCOUNT = "demo-editor"  # the editor account `demo` makes, to log in to the demo desk


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo dispatches (invented for this project); loading twice adds nothing.

    Also makes the editor account DEMO_ACCOUNT with a fresh password (a new one each run, as
    only its hash is stored) and prints the login."""
    with one_transaction() as session:
        report = services.import_batch(session, db.get_embedder(), demo_batch(), editor="demo")
    judged, _failed = judge_due(current_app.extensions["verify.writing_sessionmaker"])
    click.echo(
        f"demo: {len(report.added)} statement(s) and {report.sources_added} source(s) added, "
        f"{report.skipped} already there; sides judged in {judged} group(s)"
    )
    password = accounts.generate_password()
    with one_transaction() as session:
        try:
            account = accounts.find_account(session, DEMO_ACCOUNT)
        except services.NotFound:
            account = accounts.create_account(session, DEMO_ACCOUNT, Role.EDITOR, password)
        else:
            accounts.set_password(session, account, password)
    click.echo(f"demo login: name {account.name!r}, password {password!r} ({account.role})")


COMMANDS = (
    migrate_command,
    import_command,
    ingest_command,
    confirm_command,
    groups_command,
    regroup_command,
    reembed_command,
    stance_command,
    demo_command,
    worker_command,
)
