"""The desktop front end (PySide6): widgets, Qt models and dialogs over the services."""
