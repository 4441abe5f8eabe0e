"""Typed errors that carry data; the UI and CLI word them for people."""

from __future__ import annotations

from dataclasses import dataclass, field


class ReplannerError(Exception):
    """Base of every error a user can cause and fix (CLI exit code 1)."""


@dataclass
class ValidationIssue:
    entity: str
    field: str
    value: object
    reason: str

    def __str__(self) -> str:
        return f"{self.entity}.{self.field} = {self.value!r}: {self.reason}"


class ValidationError(ReplannerError):
    """One or more fields are invalid; all issues are reported at once."""

    def __init__(self, issues: list[ValidationIssue]):
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))

    @classmethod
    def single(cls, entity: str, field: str, value: object, reason: str) -> ValidationError:
        return cls([ValidationIssue(entity, field, value, reason)])


@dataclass
class NotFoundError(ReplannerError):
    entity: str
    key: object

    def __str__(self) -> str:
        return f"{self.entity} {self.key!r} does not exist"


@dataclass
class DuplicateError(ReplannerError):
    entity: str
    fields: tuple[str, ...]
    values: tuple[object, ...]

    def __str__(self) -> str:
        pairs = ", ".join(f"{f}={v!r}" for f, v in zip(self.fields, self.values, strict=False))
        return f"a {self.entity} with {pairs} already exists"


@dataclass
class InUseError(ReplannerError):
    """Deleting the row would orphan rows that still refer to it."""

    entity: str
    label: str
    used_by: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        uses = ", ".join(
            f"{n} {what}{'' if n == 1 else 's'}" for what, n in sorted(self.used_by.items())
        )
        return f"{self.entity} {self.label!r} cannot be deleted: it is still used by {uses}"


class SchemaTooNewError(ReplannerError):
    def __init__(self, location: str, found: str, known_head: str):
        self.location, self.found, self.known_head = location, found, known_head
        super().__init__(
            f"the database {location} has schema version {found!r}, which this version of "
            f"rePlanner does not know (latest known: {known_head!r}); it was probably made by a "
            "newer rePlanner: install that version to open it"
        )


class DatabaseOpenError(ReplannerError):
    pass


class DatabaseBusyError(ReplannerError):
    """Another program holds the write lock longer than the busy timeout."""


class DataFileError(ReplannerError):
    """A problem in an input file, located as precisely as the file allows."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ):
        self.file, self.sheet, self.row, self.column, self.value = file, sheet, row, column, value
        where = [file]
        if sheet:
            where.append(f"sheet {sheet!r}")
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column!r}")
        shown = f" (value {value!r})" if value is not None else ""
        super().__init__(f"{', '.join(where)}: {message}{shown}")
