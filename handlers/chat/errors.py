"""Errors a handler raises to answer the user politely. Caught once, in the router.

`DatabaseUnavailable` is storage's, named here too: the router raises it on, so that each
platform answers an outage its own way (non-2xx, or "nothing was saved") without
importing storage.
"""

from storage.db import DatabaseUnavailable

__all__ = ["DatabaseUnavailable", "UserError"]


class UserError(Exception):
    """Something the user can put right; the message is shown to them as it is."""
