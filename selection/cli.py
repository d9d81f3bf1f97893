"""What the command lines of the pure modules share (``python -m selection.assignment|ranking|match``).

Pure: no Django. A usage error is one line on stderr with the command's own exit status,
so scripts can tell bad input from a run that found no solution.
"""
import argparse


def command_parser(
    *, prog: str, description: str, exit_status: int
) -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    """A parser with required sub-commands whose usage errors exit with ``exit_status`` after one line."""

    class OneLineParser(argparse.ArgumentParser):
        def error(self, message: str) -> None:
            self.exit(exit_status, f"error: {message}\n")

    parser = OneLineParser(prog=prog, description=description)
    return parser, parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
