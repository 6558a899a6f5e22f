"""Rendering a DOCX form from its template: docxtpl in a Jinja sandbox.

Templates are .docx files with Jinja tags. An agency's `records/templates/NAME.docx`
overrides the shipped `qmsctl/templates/NAME.docx`. The sandbox keeps a template from
reaching files, the environment or Python internals; autoescape keeps text such as
"Phòng A & B <test>" whole (without it docxtpl silently drops it).
"""

from __future__ import annotations

import os
from datetime import UTC
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

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
    body: str | None = None,
) -> None:
    """Render template `name` with `context` into `target`; `body`, Markdown, is written where
    the template says `{{p body }}` (a controlled document's text)."""
    from docxtpl import DocxTemplate

    path = template_path(name, records_root)
    template = DocxTemplate(str(path))
    values = dict(context)
    if body is not None:
        values["body"] = Markup(BODY_MARK)
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

    if body is not None:
        _write_body(template.docx, body)
    keep_signature_with_last_rows(template.docx)
    if context.get("watermark"):
        stamp_every_page(template.docx, context["watermark"])
    conform(template.docx)
    _properties(template.docx, context, name)
    template.save(str(target))


# The paragraph the body takes the place of, rendered from `{{p body }}` (docxtpl puts a
# paragraph-level value's XML in place of the tag's paragraph).
BODY_TEXT = "\u2063qmsctl-body\u2063"
BODY_MARK = f'<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:r><w:t>{BODY_TEXT}</w:t></w:r></w:p>'


def _write_body(document: Any, body: str) -> None:
    """The Markdown body written at the end of the document, then moved to where its mark is
    (python-docx writes only at the end; a sub-document would need docxcompose, and its
    dependency Babel: 36 MB for what this does)."""
    from qmsctl.forms.markdown import write_markdown
    from qmsctl.forms.ooxml import qn

    element = document.element.body
    mark = next(p for p in element.iter(qn("w:p")) if any(t.text == BODY_TEXT for t in p.iter(qn("w:t"))))
    before = len(element)
    write_markdown(document, body)
    for child in _appended(element, before):
        mark.addprevious(child)
    mark.getparent().remove(mark)


def _appended(body: Any, before: int) -> list[Any]:
    """The body's children written after it had `before` children (its section's properties,
    which stay last, aside)."""
    from qmsctl.forms.ooxml import qn

    children = list(body)
    section = children[-1] if children and children[-1].tag == qn("w:sectPr") else None
    kept = before - (1 if section is not None else 0)
    return [child for child in children[kept:] if child is not section]


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
