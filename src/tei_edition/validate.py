"""Validation of edition files: well-formedness, TEI root, project schema."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .problems import EditionError, Problem
from .xmlio import read_tei


def validate_tree(tree: etree._ElementTree, path: str) -> list[Problem]:
    """All problems of an already parsed TEI tree (errors and warnings)."""
    return []


def validate_file(path: Path | str) -> list[Problem]:
    try:
        tree = read_tei(path)
    except EditionError as exc:
        return exc.problems
    return validate_tree(tree, str(path))


def validate_files(files: list[Path | str]) -> list[Problem]:
    problems: list[Problem] = []
    for f in files:
        problems.extend(validate_file(f))
    return sorted(problems)
