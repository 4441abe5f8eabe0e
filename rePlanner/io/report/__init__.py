"""The report document: a Qt-free structure built by services and drawn by the UI's renderer."""
