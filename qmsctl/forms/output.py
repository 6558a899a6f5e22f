"""Converting a rendered form to PDF with LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from qmsctl.findings import UserError
from qmsctl.i18n import _

LIBREOFFICE_PACKAGES = "libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2"


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(source: Path, target_dir: Path | None = None) -> Path:
    """Convert a DOCX or XLSX to PDF with LibreOffice headless; the PDF lands beside it."""
    program = libreoffice()
    if program is None:
        raise UserError(
            "U010",
            _("LibreOffice is needed to make a PDF and is not installed"),
            hint=_("Install it: sudo apt-get install {packages}").format(packages=LIBREOFFICE_PACKAGES),
        )
    out = target_dir or source.parent
    with tempfile.TemporaryDirectory(prefix="qmsctl-lo-") as profile:
        done = subprocess.run(
            [
                program,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
    pdf = out / (source.stem + ".pdf")
    if done.returncode != 0 or not pdf.is_file():
        raise UserError(
            "U011",
            _("LibreOffice could not convert {file}: {error}").format(
                file=source, error=(done.stderr or done.stdout).strip()[:300]
            ),
        )
    return pdf
