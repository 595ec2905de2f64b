"""The project's one exception base: a mistake the user can fix.

The CLI prints ``Error: <message>`` and exits 1; our own bugs stay tracebacks.
"""


class RefgraphError(Exception):
    """A problem with the user's input or request; the message says what to do, on one line: a line
    break quoted from a file (a header cell holding one) becomes a space."""

    def __init__(self, message="", *args):
        super().__init__(" ".join(str(message).splitlines()), *args)


class InputError(RefgraphError):
    "An input file cannot be read as the format it claims."

    def __init__(self, path, problem, fix="", row=None):
        self.path, self.problem, self.fix, self.row = str(path), problem, fix, row
        parts = [self.path]
        if row is not None:
            parts.append(f"row {row}")
        message = ": ".join(parts) + f": {problem}"
        if fix:
            message += f" — {fix}"
        super().__init__(message)


class NotFound(RefgraphError):
    "A person, owner or account named on the command line is not in the store."
