"""The client screen and its tabs, one module each."""

from handover_tui.ui.screens.client.screen import ClientScreen

__all__ = ["ClientScreen"]
