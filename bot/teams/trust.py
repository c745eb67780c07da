"""What a Teams activity is trusted for: where replies may go, and which tenant it is from.

With an app id, the Bot Framework token vouches for one serviceUrl (its `serviceurl`
claim); replies and later posts go nowhere else. In emulator mode nothing is
authenticated, so replies go only to this machine (loopback serviceUrls).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from botbuilder.schema import Activity

from bot.config import is_loopback_host

# Kept in a stored conversation reference: its serviceUrl came with a valid channel token.
VOUCHED_BY = "wardbotServiceUrlVouchedBy"
CHANNEL_TOKEN = "channel-token"
SERVICE_URL_CLAIM = "serviceurl"
TENANT_CLAIM = "tid"


def is_loopback_url(url: str) -> bool:
    try:
        return is_loopback_host(urlsplit(url).hostname)
    except ValueError:  # a malformed port or IPv6 literal
        return False


def service_url_refusal(activity: Activity, claims: dict[str, Any], *, emulator: bool) -> str:
    """Why replies may not go to this activity's serviceUrl; "" when they may."""
    url = activity.service_url or ""
    if emulator:
        if is_loopback_url(url):
            return ""
        return "In emulator mode wardbot replies only to loopback serviceUrls."
    if url and claims.get(SERVICE_URL_CLAIM) == url:
        return ""
    return "The token does not vouch for this serviceUrl."


def settle_tenant(activity: Activity, claims: dict[str, Any]) -> bool:
    """Decide the activity's tenant once, for every later reader; False if it contradicts itself.

    The token's `tid` claim when it has one; otherwise the tenant Teams puts in
    channelData. The conversation's own tenantId must agree with it.
    """
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    given = data.get("tenant")
    from_data = str(given.get("id") or "") if isinstance(given, dict) else ""
    from_conversation = str(activity.conversation.tenant_id or "") if activity.conversation else ""
    claimed = claims.get(TENANT_CLAIM)
    tenant = claimed if isinstance(claimed, str) and claimed else from_data or from_conversation
    if any(t and t.lower() != tenant.lower() for t in (from_data, from_conversation)):
        return False
    if tenant and activity.conversation is not None:
        activity.conversation.tenant_id = tenant
    return True


def may_post_to(reference: dict[str, Any], *, emulator: bool) -> bool:
    """Whether a stored conversation reference may be posted to unprompted (digests)."""
    url = reference.get("serviceUrl")
    if not isinstance(url, str) or not url:
        return False
    if emulator:
        return is_loopback_url(url)
    return reference.get(VOUCHED_BY) == CHANNEL_TOKEN
