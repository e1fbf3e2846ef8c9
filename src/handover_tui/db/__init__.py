"""Storage: opening a database safely, its dialect specifics, and its migrations.

Import ``handover_tui.db.engine`` for the engine; this package itself stays light so the
start-up path can use ``handover_tui.db.preflight`` without loading SQLAlchemy.
"""
