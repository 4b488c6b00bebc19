"""Running jobs from the command line: a job with a progress bar, and the `worker` command."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import with_appcontext

from .. import background
from ..jobs import queues
from ..jobs.queues import POLL_SECONDS, RedisQueue, run_waiting, stance_job
from ..jobs.work import Context, Outcome, perform
from ..services.judging import count_due
from .guards import fail


def run_with_progress(job_id: str, total: int, label: str) -> Outcome:
    """Perform a job in this process, showing its progress (done of total) on stderr: a bar on
    a terminal, a line per step otherwise (a log, a pipe)."""
    context = background.get_context()
    if sys.stderr.isatty():
        with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:

            def draw(done: int, _total: int | None) -> None:
                bar.update(done - bar.pos)

            outcome = perform(context, job_id, progress=draw)
    else:

        def line(done: int, _total: int | None) -> None:
            click.echo(f"{label}: {done} of {total} done", err=True)

        outcome = perform(context, job_id, progress=line)
    if outcome is None:
        fail(f"job {job_id} is already being run by another process")
    return outcome


def _due(context: Context) -> int:
    with context.sessions() as session:
        return count_due(session)


def queue_sides() -> None:
    """Hand the judging of due sides to the app's queue, and say who will do it."""
    context = background.get_context()
    due = _due(context)
    background.submit(stance_job(context))
    left = _due(context)
    if left:
        click.echo(
            f"sides of {left} group(s) are queued for judging: the desk's server judges them "
            "in the background, or run `flask --app verify worker --burst`"
        )
    elif due:
        click.echo(f"judged the sides of {due} group(s)")


@click.command("worker")
@with_appcontext
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then exit.")
def worker_command(burst: bool) -> None:
    """Run background jobs: imports, large articles, judging sides. With REDIS_URL set this is
    an RQ worker; otherwise it runs the jobs queued in the database (and those a killed process
    left half-done) as the app's worker thread does."""
    context = background.get_context()
    if _due(context):
        stance_job(context)  # groups left due by a command or an older version
    queue = background.get_queue()
    if isinstance(queue, RedisQueue):
        from rq import SimpleWorker

        ran = run_waiting(context, queued=False)  # first the jobs a dead worker abandoned
        queues.WORKER_CONTEXT = context
        SimpleWorker([queue.queue], connection=queue.connection).work(burst=burst)
        click.echo(f"worker stopped; {ran} abandoned job(s) taken up at start")
        return
    ran = run_waiting(context)
    while not burst:
        time.sleep(POLL_SECONDS)
        ran += run_waiting(context)
    click.echo(f"ran {ran} job(s)")
