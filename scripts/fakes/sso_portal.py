#!/usr/bin/env python3
"""A local IAM Identity Center: the SSO portal (GetRoleCredentials, ListAccounts, Logout) and
SSO OIDC (RegisterClient, StartDeviceAuthorization, CreateToken with the device_code and
refresh_token grants), on one port (point AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC at it).

Why it exists: moto has no SSO portal or OIDC service. The behaviour copied from AWS:
  * GET /federation/credentials?account_id=&role_name= with header x-amz-sso_bearer_token;
    an unknown token is 401 UnauthorizedException, an unknown account/role 403 ForbiddenException;
    the answer is {"roleCredentials": {accessKeyId, secretAccessKey, sessionToken, expiration (ms)}}.
    The keys are a function of account, role and the token's first 8 characters, so a test can
    give the same keys to the fake Kubernetes API in advance.
  * GET /assignment/accounts[?next_token=] (bearer token): {"accountList": [{accountId,
    accountName, emailAddress}], "nextToken"?}, one account per page so paging is exercised.
  * POST /logout (bearer token): the token stops working.
  * POST /client/register {clientName, clientType, ...}: {clientId, clientSecret,
    clientIdIssuedAt, clientSecretExpiresAt}.
  * POST /device_authorization {clientId, clientSecret, startUrl}: {deviceCode, userCode,
    verificationUri, verificationUriComplete, expiresIn, interval}.
  * POST /token with grantType urn:ietf:params:oauth:grant-type:device_code: 400
    {"error": "authorization_pending"} for the first `pendingPolls` polls of a device code, 400
    {"error": "slow_down"} on the polls listed in `slowDownPolls` (1-based) and on any poll sooner
    than the interval (which each slow_down raises by 5 seconds, RFC 8628 §3.5), 400
    {"error": "expired_token"} when `expireCodes` is true; then (the user approved)
    {accessToken, expiresIn, refreshToken, tokenType}. The log line of a poll carries the
    `answer` (the error code, or "token").
  * POST /token with grantType refresh_token: a known refresh token gives a new access and
    refresh token (the old refresh token stops working); anything else is 400 invalid_grant.

Usage: sso_portal.py [--port P] --state FILE [--log FILE]
STATE is JSON: {"accessTokens": [...], "refreshTokens": {"rt": "client-id"},
  "clients": {"client-id": "client-secret"} (registered clients, e.g. of a stored session),
  "roles": ["ACCOUNT/ROLE", ...], "accounts": {"ACCOUNT": "name"}, "pendingPolls": 2,
  "slowDownPolls": [], "expireCodes": false, "interval": 1, "accessTokenTTL": 28800,
  "roleCredentialsTTL": 3600}.
Prints {"url", "port"} on stdout when ready; one JSON line per request to --log (secrets are
logged only as what the test needs to match: token prefixes, grant types, client ids).
"""

import argparse
import datetime
import json
import threading
import time

import fakeutil


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--state", required=True)
    ap.add_argument("--log")
    a = ap.parse_args()
    with open(a.state) as f:
        state = json.load(f)
    tokens = set(state.get("accessTokens", []))
    refresh = dict(state.get("refreshTokens", {}))
    roles = set(state.get("roles", []))
    accounts = dict(state.get("accounts", {}))
    pending_polls = int(state.get("pendingPolls", 0))
    slow_polls = set(state.get("slowDownPolls", []))
    expire_codes = bool(state.get("expireCodes", False))
    interval = int(state.get("interval", 1))
    access_ttl = int(state.get("accessTokenTTL", 28800))
    role_ttl = int(state.get("roleCredentialsTTL", 3600))
    clients = dict(state.get("clients", {}))  # clientId -> clientSecret
    devices = {}  # deviceCode -> {"clientId", "polls", "last"}
    lock = threading.Lock()
    log = fakeutil.Log(a.log)
    counter = [0]

    def bearer(headers):
        token = headers.get("x-amz-sso_bearer_token", "")
        with lock:
            return token, token in tokens

    def unauthorized():
        return 401, {"x-amzn-ErrorType": "UnauthorizedException"}, {"message": "Session token not found or invalid"}

    def oidc_error(code, header, description):
        return 400, {"x-amzn-ErrorType": header}, {"error": code, "error_description": description}

    def issue(client_id):
        counter[0] += 1
        access = "sso-access-%d" % counter[0]
        rt = "sso-refresh-%d" % counter[0]
        tokens.add(access)
        refresh[rt] = client_id
        return {"accessToken": access, "expiresIn": access_ttl, "refreshToken": rt, "tokenType": "Bearer"}

    def app(method, path, query, headers, body):
        entry = {"method": method, "path": path}
        try:
            req = json.loads(body or b"{}") if method == "POST" else {}
        except ValueError:
            req = {}
        if path == "/federation/credentials" and method == "GET":
            token, ok = bearer(headers)
            entry.update({"token": token, "account": query.get("account_id"), "role": query.get("role_name")})
            log.write(entry)
            if not ok:
                return unauthorized()
            key = "%s/%s" % (query.get("account_id"), query.get("role_name"))
            if key not in roles:
                return 403, {"x-amzn-ErrorType": "ForbiddenException"}, {"message": "No access"}
            exp = fakeutil.now() + datetime.timedelta(seconds=role_ttl)
            return 200, {}, {"roleCredentials": {
                "accessKeyId": "ASIASSO%s" % query.get("role_name").upper()[:10],
                "secretAccessKey": "sso-secret-" + key, "sessionToken": "sso-session-" + token[:8],
                "expiration": int(exp.timestamp()) * 1000}}
        if path == "/assignment/accounts" and method == "GET":
            token, ok = bearer(headers)
            entry.update({"token": token, "nextToken": query.get("next_token")})
            log.write(entry)
            if not ok:
                return unauthorized()
            ids = sorted(accounts)
            start = int(query.get("next_token") or 0)
            page = [{"accountId": i, "accountName": accounts[i], "emailAddress": "%s@example.com" % accounts[i]}
                    for i in ids[start:start + 1]]
            out = {"accountList": page}
            if start + 1 < len(ids):
                out["nextToken"] = str(start + 1)
            return 200, {}, out
        if path == "/logout" and method == "POST":
            token, ok = bearer(headers)
            entry.update({"token": token})
            log.write(entry)
            if not ok:
                return unauthorized()
            with lock:
                tokens.discard(token)
            return 200, {}, ""
        if path == "/client/register" and method == "POST":
            entry.update({"clientName": req.get("clientName"), "clientType": req.get("clientType"),
                          "grantTypes": req.get("grantTypes"), "scopes": req.get("scopes")})
            log.write(entry)
            with lock:
                counter[0] += 1
                cid = "client-%d" % counter[0]
                clients[cid] = "client-secret-%d" % counter[0]
            issued = int(time.time())
            return 200, {}, {"clientId": cid, "clientSecret": clients[cid], "clientIdIssuedAt": issued,
                             "clientSecretExpiresAt": issued + 90 * 86400}
        if path == "/device_authorization" and method == "POST":
            entry.update({"clientId": req.get("clientId"), "startUrl": req.get("startUrl")})
            log.write(entry)
            with lock:
                if clients.get(req.get("clientId")) != req.get("clientSecret"):
                    return oidc_error("invalid_client", "InvalidClientException", "Client is not registered")
                counter[0] += 1
                code = "device-code-%d" % counter[0]
                devices[code] = {"clientId": req["clientId"], "polls": 0, "last": 0.0, "interval": interval}
            user_code = "ABCD-%04d" % counter[0]
            uri = "https://device.sso.example.com/"
            return 200, {}, {"deviceCode": code, "userCode": user_code, "verificationUri": uri,
                             "verificationUriComplete": uri + "?user_code=" + user_code,
                             "expiresIn": 600, "interval": interval}
        if path == "/token" and method == "POST":
            grant = req.get("grantType")
            entry.update({"grantType": grant, "clientId": req.get("clientId"), "refreshToken": req.get("refreshToken"),
                          "deviceCode": req.get("deviceCode")})
            answer = token_answer(req, grant)
            entry["answer"] = answer[2].get("error", "token") if isinstance(answer[2], dict) else "token"
            log.write(entry)
            return answer
        log.write(entry)
        return 404, {}, {"message": "not found"}

    def token_answer(req, grant):
            with lock:
                if clients and req.get("clientId") in clients and clients[req.get("clientId")] != req.get("clientSecret"):
                    return oidc_error("invalid_client", "InvalidClientException", "Bad client secret")
                if grant == "urn:ietf:params:oauth:grant-type:device_code":
                    d = devices.get(req.get("deviceCode"))
                    if d is None or d["clientId"] != req.get("clientId"):
                        return oidc_error("invalid_grant", "InvalidGrantException", "Unknown device code")
                    d["polls"] += 1
                    now = time.monotonic()
                    too_soon = d["last"] and now - d["last"] < d["interval"] - 0.2
                    d["last"] = now
                    if expire_codes:
                        return oidc_error("expired_token", "ExpiredTokenException", "Device code has expired")
                    if d["polls"] in slow_polls or too_soon:
                        d["interval"] += 5
                        slow_polls.add(d["polls"])
                        return oidc_error("slow_down", "SlowDownException", "Client is polling too quickly")
                    if d["polls"] <= pending_polls + len([p for p in slow_polls if p <= d["polls"]]):
                        return oidc_error("authorization_pending", "AuthorizationPendingException", "Authorization is pending")
                    del devices[req["deviceCode"]]
                    return 200, {}, issue(req["clientId"])
                rt = req.get("refreshToken")
                if grant != "refresh_token" or rt not in refresh or refresh[rt] != req.get("clientId"):
                    return oidc_error("invalid_grant", "InvalidGrantException", "Invalid refresh token provided")
                counter[0] += 1
                access = "refreshed-access-%d" % counter[0]
                new_rt = "refreshed-refresh-%d" % counter[0]
                tokens.add(access)
                refresh[new_rt] = refresh.pop(rt)
            return 200, {}, {"accessToken": access, "expiresIn": access_ttl, "refreshToken": new_rt, "tokenType": "Bearer"}

    fakeutil.serve(a.port, app)


if __name__ == "__main__":
    main()
