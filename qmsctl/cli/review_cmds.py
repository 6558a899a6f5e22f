"""Management reviews (ISO 9001 9.3, QT.CTCL 5.8): new, decide, done."""

from typing import Annotated, Optional

import typer

from qmsctl.cli.app import command, command_group
from qmsctl.cli.editing import DryRun, OnDay, ask, choose, day, optional_day, run
from qmsctl.cli.figures_cmds import AllowIncomplete
from qmsctl.i18n import _

review_app = command_group("review", _("Management reviews (ISO 9001 9.3, QT.CTCL 5.8): new, decide, done."))
ReviewId = Annotated[str, typer.Argument(help="The review's id (XXLD-2026) or date.")]
ABOUT = {
    "improvement": "Cơ hội cải tiến",
    "change": "Nhu cầu thay đổi HTQLCL",
    "resources": "Nhu cầu về nguồn lực",
}


@command("new", group=review_app)
def new(
    on: Annotated[Optional[str], typer.Option("--date", help="The day of the meeting, YYYY-MM-DD.")] = None,
    period: Annotated[
        Optional[str], typer.Option("--period", help="The period reviewed (default: the meeting's year).")
    ] = None,
    allow_incomplete: AllowIncomplete = False,
    dry_run: DryRun = False,
) -> None:
    """A new review: the inputs the records tell (the last review's decisions, objectives,
    actions, figures, audits) filled in, the others left for the secretary to write."""
    from qmsctl.agency import Agency
    from qmsctl.cli.app import records_root
    from qmsctl.edits import reviews
    from qmsctl.figures import Cut, parse_period
    from qmsctl.forms.review_form import review_facts

    when = day(ask(on, "--date", _("Date")), "--date")
    chosen = period or str(when.year)
    agency = Agency.open(records_root(), as_of=Cut.end_of_day(when), counting=True)  # tickets as facts
    from qmsctl.analysis import ANALYSED
    from qmsctl.cli.figures_cmds import vouch_complete

    complete = vouch_complete(agency.incomplete_for(*ANALYSED), allow_incomplete)  # its inputs are figures
    facts = review_facts(agency, when, parse_period(chosen))
    if not complete:
        from qmsctl.figures import INCOMPLETE

        facts["figures"] = [f"{INCOMPLETE}: {line}" for line in facts["figures"]]
    # The facts needed the whole folder; the edit writes one review file and reads no ticket.
    created = lambda e: _("review {id} created").format(id=reviews.new(e, when, chosen, facts))  # noqa: E731
    run(created, chosen, dry_run, tickets=False)


@command("decide", group=review_app)
def decide(
    review_id: ReviewId,
    what: Annotated[Optional[str], typer.Option("--what", help="What was decided.")] = None,
    who: Annotated[Optional[str], typer.Option("--who", help="Who carries it out.")] = None,
    due: Annotated[Optional[str], typer.Option("--due", help="By when, YYYY-MM-DD.")] = None,
    about: Annotated[
        Optional[str], typer.Option("--about", help="improvement, change (of the system) or resources.")
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """A decision of the review, grouped as QT.CTCL 5.8.1.2 groups them; the agenda lists it until done."""
    from qmsctl.edits import reviews

    text = ask(what, "--what", _("Decision"))
    kind = choose(about, "--about", _("About"), lambda: ABOUT)
    deadline = optional_day(due, "--due")
    run(lambda e: reviews.decide(e, review_id, text, who, deadline, kind), review_id, dry_run, tickets=False)


@command("done", group=review_app)
def done(
    review_id: ReviewId,
    number: Annotated[int, typer.Argument(help="The decision's number in the review (1, 2 ...).")],
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """A decision of the review carried out."""
    from qmsctl.edits import reviews

    when = day(on)
    run(lambda e: reviews.done(e, review_id, number, when), review_id, dry_run, tickets=False)
