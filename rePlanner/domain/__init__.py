"""Plain domain types: enums, typed errors and records. Standard library only."""
