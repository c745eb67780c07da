"""A stand-in for the Bot Framework's token issuer: its OpenID metadata and signing keys on
loopback, and channel tokens signed with a key made for the test.

botbuilder validates a token exactly as it does in production (issuer, signature, key
endorsement for the channel, audience = our app id, the `serviceurl` claim); only the
address it fetches the keys from is changed, through `ChannelValidation`'s own setting.
The SDK fetches keys with blocking `requests`, so the stand-in answers from a thread.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"  # what Bot Framework channel tokens carry
OUTBOUND_TOKEN = "bot-to-connector-test-token"  # what the bot presents when it replies


class TokenIssuer:
    """`with TokenIssuer() as issuer:` then `issuer.metadata_url`, `issuer.header(...)`."""

    def __init__(self, *, channel: str = "msteams") -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex
        jwk = RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True)
        self._keys = {"keys": [{**jwk, "kid": self.kid, "use": "sig", "endorsements": [channel]}]}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}/v1/.well-known/openidconfiguration"

    def header(self, *, app_id: str, service_url: str | None, **claims: Any) -> dict[str, str]:
        """An Authorization header as Teams sends it, vouching for `service_url`."""
        now = int(time.time())
        body: dict[str, Any] = {
            "iss": ISSUER,
            "aud": app_id,
            "nbf": now - 60,
            "exp": now + 3600,
            **claims,
        }
        if service_url is not None:
            body["serviceurl"] = service_url
        token = jwt.encode(body, self._key, algorithm="RS256", headers={"kid": self.kid})
        return {"Authorization": f"Bearer {token}"}

    def __enter__(self) -> TokenIssuer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.endswith("openidconfiguration"):
                    found: dict[str, Any] = {
                        "issuer": ISSUER,
                        "jwks_uri": f"{issuer.base_url}/v1/keys",
                        "id_token_signing_alg_values_supported": ["RS256"],
                    }
                elif self.path == "/v1/keys":
                    found = issuer._keys
                else:
                    self.send_error(404)
                    return
                data = json.dumps(found).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: the test output is the bot's, not the stand-in's

        return Handler
