"""Use cases: one function per user action, shared by the GUI and the CLI.

Services receive an open `Database` and a user name, open their own unit of work, and return
plain values (dicts, dataclasses). Nothing outside this package opens a session.
"""
