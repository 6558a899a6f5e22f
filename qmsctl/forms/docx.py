"""Rendering a DOCX form from its template: docxtpl in a Jinja sandbox.

Templates are .docx files with Jinja tags. An agency's `records/templates/NAME.docx`
overrides the shipped `qmsctl/templates/NAME.docx`. The sandbox keeps a template from
reaching files, the environment or Python internals; autoescape keeps text such as
"Phòng A & B <test>" whole (without it docxtpl silently drops it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from qmsctl.findings import UserError
from qmsctl.i18n import _

SHIPPED = Path(__file__).resolve().parents[1] / "templates"  # package data: found in any install


# What one rendering may loop over through `range` (the records' own lists are bounded by them).
RANGE_BUDGET = 100_000


class FormSandbox(SandboxedEnvironment):
    """Jinja's sandbox without a loader (a form cannot include or extend another file) and with
    `range` on a budget, so a template's loops end."""

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self.budget = RANGE_BUDGET
        self.globals["range"] = self._range

    def _range(self, *args: Any) -> range:
        steps = range(*args)
        self.budget -= len(steps)
        if self.budget < 0:
            raise SecurityError(_("the loops ask for more than {n} steps").format(n=RANGE_BUDGET))
        return steps


def template_path(name: str, records_root: Path | None) -> Path:
    candidates = []
    if records_root is not None:
        candidates.append(records_root / "templates" / f"{name}.docx")
    if os.environ.get("QMSCTL_TEMPLATES"):
        candidates.append(Path(os.environ["QMSCTL_TEMPLATES"]) / f"{name}.docx")
    candidates.append(SHIPPED / f"{name}.docx")
    for path in candidates:
        if path.is_file():
            return path
    raise UserError(
        "U020",
        _("There is no template {name}.docx").format(name=name),
        hint=_("Put one in records/templates/ or reinstall qmsctl."),
    )


def render_docx(
    name: str,
    context: dict[str, Any],
    target: Path,
    records_root: Path | None = None,
    extra: Callable[[Any], dict[str, Any]] | None = None,
) -> None:
    """Render template `name` with `context` into `target`; `extra` adds values made
    from the template itself (sub-documents)."""
    from docxtpl import DocxTemplate

    path = template_path(name, records_root)
    template = DocxTemplate(str(path))
    values = dict(context)
    if extra is not None:
        values.update(extra(template))
    try:
        template.render(values, jinja_env=FormSandbox(), autoescape=True)
    except TemplateSyntaxError as error:
        raise UserError(
            "U022",
            _("The template {name} has an error: {message}").format(name=path.name, message=error.message),
            file=str(path),
            line=error.lineno,
            hint=_("Open it in Word and check the {{ }} and {% %} tags near that text."),
        ) from None
    except SecurityError as error:
        raise UserError(
            "U023",
            _("The template {name} tried something not allowed: {message}").format(name=path.name, message=error),
            file=str(path),
        ) from None
    except (TemplateError, TypeError, ValueError, ArithmeticError, RecursionError, LookupError) as error:
        # include/extends (no loader), range(1e9), a filter given the wrong value: the
        # template's fault, said as such.
        raise UserError(
            "U022",
            _("The template {name} has an error: {message}").format(name=path.name, message=error),
            file=str(path),
            hint=_("Open it in Word and check the {{ }} and {% %} tags near that text."),
        ) from None
    from qmsctl.forms.ooxml import conform, keep_signature_with_last_rows, stamp_every_page

    keep_signature_with_last_rows(template.docx)
    if context.get("watermark"):
        stamp_every_page(template.docx, context["watermark"])
    conform(template.docx)
    _properties(template.docx, context, name)
    template.save(str(target))


def _properties(document: Any, context: dict[str, Any], name: str) -> None:
    """The file's own properties: made now, by the agency, named by its form (a template
    otherwise passes on python-docx's: creator "python-docx", created 2013-12-23)."""
    from datetime import datetime

    properties = document.core_properties
    made = datetime.now(UTC).replace(microsecond=0, tzinfo=None)  # the file says UTC (Z)
    properties.author = context.get("agency_name") or "qmsctl"
    properties.title = name
    properties.comments = properties.subject = ""
    properties.created = properties.modified = made
    # (lastModifiedBy, keywords and revision are left as the template has them: python-docx
    # writes them again under the custom properties' namespace, which the schema refuses.)
