"""Our themes, NO_COLOR, and remembering the theme the user picks.

Textual's own themes are in the command palette ("Theme"); we add a high-contrast
one. With ``NO_COLOR`` set, every colour is dropped before it reaches the terminal and
what marks a cursor or a selection is bold, reverse and underline (see ``app.tcss``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual.theme import Theme

if TYPE_CHECKING:
    from textual.app import App

    from handover_tui.config import Settings

HIGH_CONTRAST = Theme(
    name="handover-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#00ffff",
    warning="#ffaf00",
    error="#ff6060",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    dark=True,
    text_alpha=1.0,
    luminosity_spread=0.0,
    variables={
        "text-muted": "#e0e0e0",
        "border": "#ffffff",
        "border-blurred": "#a0a0a0",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-background": "#c0c0c0",
        "block-hover-background": "#303030",
        "footer-key-foreground": "#ffff00",
        "footer-description-foreground": "#ffffff",
        "input-cursor-background": "#ffffff",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#ffff00",
        "scrollbar": "#a0a0a0",
        "scrollbar-hover": "#ffffff",
        "scrollbar-active": "#ffff00",
        "scrollbar-background": "#000000",
    },
)
"""Pure white on black, yellow and cyan accents: for low vision and washed-out screens."""

THEMES = (HIGH_CONTRAST,)


def no_color() -> bool:
    """True when the user asked for no colour (https://no-color.org), as Textual reads it."""
    return "NO_COLOR" in os.environ


def register(app: App) -> None:
    """Make our themes selectable, next to Textual's, in the palette's "Theme"."""
    for theme in THEMES:
        app.register_theme(theme)


def remember_choice(app: App, settings: Settings) -> None:
    """Write the theme to the config file whenever the user picks another one."""

    def changed(theme: Theme) -> None:
        if theme.name == settings.theme:
            return  # the one read at start, or the same chosen again

        def write() -> None:
            try:
                settings.remember_theme(theme.name)
            except OSError as error:
                app.call_from_thread(
                    app.notify,
                    f"The theme is {theme.name} for now; it could not be saved in "
                    f"{settings.path}: {error.strerror or error}.",
                    title="Theme not saved",
                    severity="warning",
                )

        settings.theme = theme.name
        app.run_worker(write, thread=True, group="settings", exit_on_error=False)

    app.theme_changed_signal.subscribe(app, changed)
