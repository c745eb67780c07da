"""The chat commands and buttons, one module per command group, and the router."""
