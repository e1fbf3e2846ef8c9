"""handover: plan and run the handoff of client accounts, from the terminal."""

__version__ = "0.1.0"
