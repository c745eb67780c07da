"""Errors a handler raises to answer the user politely. Caught once, in the router."""


class UserError(Exception):
    """Something the user can put right; the message is shown to them as it is."""
