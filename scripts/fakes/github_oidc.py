#!/usr/bin/env python3
"""A local GitHub Actions ID token endpoint (what ACTIONS_ID_TOKEN_REQUEST_URL points at in a
job with `permissions: id-token: write`).

Why it exists: the real endpoint lives only inside GitHub's runners. The behaviour copied from
GitHub: GET <url>?api-version=2.0&audience=AUD with `Authorization: bearer <request token>`;
a missing or wrong request token is 401; the answer is {"count": N, "value": "<JWT>"} where the
JWT's payload carries `aud` (the audience asked for), `iss`, `sub` and `repository`. The JWT is
unsigned-looking (header.payload.signature, base64url): moto's AssumeRoleWithWebIdentity does
not verify it, and tests read the `aud` back from it.

Usage: github_oidc.py [--port P] --request-token TOKEN [--log FILE]
Prints {"url": "http://127.0.0.1:P", "port"} when ready; ACTIONS_ID_TOKEN_REQUEST_URL is
url + "/token?api-version=2.0". One JSON line per request to --log.
"""

import argparse
import base64
import json
import time

import fakeutil


def b64(obj):
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--request-token", required=True)
    ap.add_argument("--log")
    a = ap.parse_args()
    log = fakeutil.Log(a.log)
    counter = [0]

    def app(method, path, query, headers, body):
        auth = headers.get("Authorization", "")
        ok = auth.lower().startswith("bearer ") and auth[7:] == a.request_token
        log.write({"method": method, "path": path, "apiVersion": query.get("api-version"),
                   "audience": query.get("audience"), "authorized": ok})
        if path != "/token" or method != "GET":
            return 404, {}, {"message": "Not Found"}
        if not ok:
            return 401, {}, {"message": "Bad credentials"}
        counter[0] += 1
        now = int(time.time())
        payload = {"iss": "https://token.actions.githubusercontent.com", "aud": query.get("audience") or "",
                   "sub": "repo:example/ekspipe:ref:refs/heads/main", "repository": "example/ekspipe",
                   "iat": now, "exp": now + 300, "jti": "fake-%d" % counter[0]}
        jwt = "%s.%s.%s" % (b64({"alg": "RS256", "typ": "JWT"}), b64(payload), "ZmFrZS1zaWduYXR1cmU")
        return 200, {}, {"count": counter[0], "value": jwt}

    fakeutil.serve(a.port, app)


if __name__ == "__main__":
    main()
