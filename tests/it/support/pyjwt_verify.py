#!/usr/bin/env python3
"""Independent check of nstba's client assertions: PyJWT + cryptography verify each JWT with the
certificate's public key and return the decoded header and claims.

stdin: JSON list of {"token", "cert_pem", "alg", "aud"}; stdout: JSON list of
{"ok", "error", "header", "claims", "sig_len"}.
"""
import base64
import json
import sys

import jwt
from cryptography import x509


def check(case):
    out = {"ok": False, "error": None, "header": None, "claims": None, "sig_len": None}
    try:
        cert = x509.load_pem_x509_certificate(case["cert_pem"].encode())
        token = case["token"]
        sig = token.rsplit(".", 1)[1]
        out["sig_len"] = len(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)))
        out["header"] = jwt.get_unverified_header(token)
        out["claims"] = jwt.decode(
            token,
            key=cert.public_key(),
            algorithms=[case["alg"]],
            audience=case["aud"],
            options={"require": ["iss", "aud", "iat", "exp"]},
        )
        out["ok"] = True
    except Exception as e:  # reported to the Rust side, which fails the test
        out["error"] = "%s: %s" % (type(e).__name__, e)
    return out


def main():
    cases = json.load(sys.stdin)
    json.dump([check(c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
