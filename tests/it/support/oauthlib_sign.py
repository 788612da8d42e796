"""Signs request cases with Python's oauthlib (an independent OAuth 1.0a implementation).

stdin: JSON list of {method, url, form: [[k, v]...], realm, ck, cs, tk, ts, nonce, timestamp}
stdout: JSON list of {"signature": raw base64, "realm": realm}
"""
import json
import sys
from urllib.parse import quote, unquote

from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256, Client

out = []
for c in json.load(sys.stdin):
    client = Client(
        c["ck"],
        client_secret=c["cs"],
        resource_owner_key=c["tk"],
        resource_owner_secret=c["ts"],
        signature_method=SIGNATURE_HMAC_SHA256,
        realm=c["realm"],
        nonce=c["nonce"],
        timestamp=c["timestamp"],
    )
    body = None
    headers = {}
    if c["form"]:
        body = "&".join(quote(k, safe="") + "=" + quote(v, safe="") for k, v in c["form"])
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    _, signed_headers, _ = client.sign(c["url"], http_method=c["method"], body=body, headers=headers)
    auth = signed_headers["Authorization"]
    fields = {}
    for part in auth[len("OAuth "):].split(", "):
        k, v = part.split("=", 1)
        fields[k] = unquote(v.strip('"'))
    out.append({"signature": fields["oauth_signature"], "realm": fields.get("realm")})
json.dump(out, sys.stdout)
