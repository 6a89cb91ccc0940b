"""A Docker registry token server for pinflow's tests.

Usage: tokenserver.py PORT CERT_OUT
Writes its signing certificate to CERT_OUT (the registry's rootcertbundle), then answers
GET /token?service=...&scope=repository:NAME:ACTIONS with a JWT (RS256, x5c header).
Basic ciuser:cipass gets every requested action; anonymous callers get `pull` on public/* only.
Also answers the OAuth2 form POST /token (grant_type=refresh_token, as docker does with an
`identitytoken`): the refresh token REFRESH_TOKEN gets every requested action.
"""

import base64
import datetime
import http.server
import json
import sys
import urllib.parse
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

USER, PASSWORD = "ciuser", "cipass"
REFRESH_TOKEN = "canary-refresh-token-3b1d"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_signer(cert_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pinflow-test-token-issuer")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    with open(cert_path + ".tmp", "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    import os

    os.rename(cert_path + ".tmp", cert_path)
    x5c = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()

    def sign(claims):
        header = {"typ": "JWT", "alg": "RS256", "x5c": [x5c]}
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + b64url(signature)

    return sign


class Handler(http.server.BaseHTTPRequestHandler):
    sign = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        authed = False
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            if (user, password) != (USER, PASSWORD):
                return self.refuse()
            authed = True
        self.grant(query, authed, "token")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        if form.get("grant_type") != ["refresh_token"] or form.get("refresh_token") != [REFRESH_TOKEN]:
            return self.refuse()
        self.grant(form, True, "access_token")

    def refuse(self):
        self.send_response(401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def grant(self, query, authed, field):
        access = []
        for scope in query.get("scope", []):
            kind, name, actions = scope.split(":", 2)
            wanted = actions.split(",")
            granted = wanted if authed else [a for a in wanted if a == "pull" and name.startswith("public/")]
            access.append({"type": kind, "name": name, "actions": granted})
        now = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
        claims = {"iss": "test-issuer", "sub": USER if authed else "", "aud": query.get("service", [""])[0],
                  "exp": now + 300, "nbf": now - 10, "iat": now, "jti": str(uuid.uuid4()), "access": access}
        body = json.dumps({field: Handler.sign(claims), "expires_in": 300}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    port, cert_path = int(sys.argv[1]), sys.argv[2]
    Handler.sign = make_signer(cert_path)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
