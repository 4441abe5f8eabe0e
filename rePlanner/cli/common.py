"""What every command shares: writing to the terminal and checking option values."""

from __future__ import annotations

import argparse
import sys


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stdout.flush()  # keep the order the user reads when both go to one terminal
    sys.stderr.write(text + "\n")


def count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def fraction(text: str) -> float:
    """An argparse type: a similarity or share from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"give a similarity from 0 to 1, not {text}")
    return value
