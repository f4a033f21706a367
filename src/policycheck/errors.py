"""The one base of every error a user can cause; the CLI maps it to exit code 2 in one place.

An error of this kind carries a message meant for the user (it names the file, option or value at
fault); anything else that escapes is a bug and shows its traceback.
"""

from __future__ import annotations

EXIT_USAGE = 2


class PolicycheckError(Exception):
    """A user-facing error: a bad option, configuration, baseline, checklist or input file."""

    exit_code = EXIT_USAGE


class UsageError(PolicycheckError):
    """A bad command word, option value or combination of options."""
