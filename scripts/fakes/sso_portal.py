#!/usr/bin/env python3
"""A local IAM Identity Center: the SSO portal's GetRoleCredentials and SSO OIDC's CreateToken
(refresh_token grant), on one port (point AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC at it).

Why it exists: moto has no SSO portal or OIDC service. The behaviour copied from AWS:
  * GET /federation/credentials?account_id=&role_name= with header x-amz-sso_bearer_token;
    an unknown token is 401 UnauthorizedException, an unknown account/role 403 ForbiddenException;
    the answer is {"roleCredentials": {accessKeyId, secretAccessKey, sessionToken, expiration (ms)}}.
  * POST /token with JSON {clientId, clientSecret, grantType: "refresh_token", refreshToken}:
    a known refresh token gives {accessToken, expiresIn, refreshToken, tokenType} and the new
    access token becomes valid; anything else is 400 InvalidGrantException.

Usage: sso_portal.py --port P --state FILE [--log FILE]
STATE is JSON: {"accessTokens": [...], "refreshTokens": {"rt": "client-id"}, "roles": ["ACCOUNT/ROLE", ...]}.
Prints {"url", "port"} on stdout when ready; one JSON line per request to --log.
"""

import argparse
import datetime
import json
import threading

import fakeutil


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--state", required=True)
    ap.add_argument("--log")
    a = ap.parse_args()
    with open(a.state) as f:
        state = json.load(f)
    tokens = set(state.get("accessTokens", []))
    refresh = dict(state.get("refreshTokens", {}))
    roles = set(state.get("roles", []))
    lock = threading.Lock()
    log = fakeutil.Log(a.log)
    counter = [0]

    def app(method, path, query, headers, body):
        entry = {"method": method, "path": path}
        if path == "/federation/credentials" and method == "GET":
            token = headers.get("x-amz-sso_bearer_token", "")
            entry.update({"token": token, "account": query.get("account_id"), "role": query.get("role_name")})
            log.write(entry)
            with lock:
                if token not in tokens:
                    return 401, {"x-amzn-ErrorType": "UnauthorizedException"}, {"message": "Session token not found or invalid"}
            key = "%s/%s" % (query.get("account_id"), query.get("role_name"))
            if key not in roles:
                return 403, {"x-amzn-ErrorType": "ForbiddenException"}, {"message": "No access"}
            exp = fakeutil.now() + datetime.timedelta(hours=1)
            return 200, {}, {"roleCredentials": {
                "accessKeyId": "ASIASSO%s" % query.get("role_name").upper()[:10],
                "secretAccessKey": "sso-secret-" + key, "sessionToken": "sso-session-" + token[:8],
                "expiration": int(exp.timestamp()) * 1000}}
        if path == "/token" and method == "POST":
            try:
                req = json.loads(body or b"{}")
            except ValueError:
                req = {}
            entry.update({"grantType": req.get("grantType"), "clientId": req.get("clientId"),
                          "refreshToken": req.get("refreshToken")})
            log.write(entry)
            with lock:
                rt = req.get("refreshToken")
                if req.get("grantType") != "refresh_token" or rt not in refresh or refresh[rt] != req.get("clientId"):
                    return 400, {"x-amzn-ErrorType": "InvalidGrantException"}, {
                        "error": "invalid_grant", "error_description": "Invalid refresh token provided"}
                counter[0] += 1
                access = "refreshed-access-%d" % counter[0]
                new_rt = "refreshed-refresh-%d" % counter[0]
                tokens.add(access)
                refresh[new_rt] = refresh.pop(rt)
            return 200, {}, {"accessToken": access, "expiresIn": 28800, "refreshToken": new_rt, "tokenType": "Bearer"}
        log.write(entry)
        return 404, {}, {"message": "not found"}

    fakeutil.serve(a.port, app)


if __name__ == "__main__":
    main()
