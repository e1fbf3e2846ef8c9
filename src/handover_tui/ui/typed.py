"""``self.app`` typed as :class:`HandoverApp` in the screens and widgets that mix in
:class:`HandoverNode`, so that mypy checks calls such as ``self.app.open_client(...)``.

Textual types ``app`` as a plain ``App``; its own remedy is the descriptor
``app = textual.getters.app(HandoverApp)`` in the class. Here that line is seen by mypy
only: at run time ``app`` stays Textual's own property, as importing :mod:`ui.app` from a
screen would be an import cycle (the app imports its screens), and a host app in a test
need not be a ``HandoverApp``. :class:`~handover_tui.ui.messages.FollowsClients` and
:class:`~handover_tui.ui.guard.ReadOnlyGuard` are ``HandoverNode`` mixins already. Code
handed any node (a worker helper, a palette provider) asks :func:`app_of`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from textual import getters

    from handover_tui.ui.app import HandoverApp

    class HandoverNode(DOMNode):
        app = getters.app(HandoverApp)

else:

    class HandoverNode:
        """Mixed into a screen or widget of :class:`HandoverApp`: ``self.app`` is typed."""


def app_of(node: DOMNode) -> HandoverApp:
    """The app ``node`` belongs to, typed: always the one ``HandoverApp`` outside tests."""
    return cast("HandoverApp", node.app)


__all__ = ["HandoverNode", "app_of"]
