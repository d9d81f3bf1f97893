"""The one error the match module raises for input it cannot use.

A single exception type lets the command line turn every malformed file into one line
on stderr and exit 2, and lets the Django side show the message to staff as is.
"""


class MatchInputError(ValueError):
    """The instance is malformed: unknown team, duplicate applicant, negative capacity..."""
