#!/usr/bin/env python3
"""EKS tokens as `aws eks get-token` makes them, for every region of every partition in
botocore's partition data, under every endpoint setting that changes the URL inside a token.

    faketime -f '2026-03-04 05:06:07' eks_token_cases.py --out DIR

Writes DIR/cases.json: a list of {"region", "env", "config", "token"} where `env` holds the
variables of the case (besides the keys below), `config` the text of the AWS config file it
used (or null), and `token` the token of the AWS CLI's own code (awscli.customizations.eks,
run in this process, which is what `aws eks get-token` runs) or {"error": "..."} where botocore
cannot build an endpoint. Run it under faketime with a frozen time, and eks-presign the same way.
"""
import argparse
import json
import os
import sys
import tempfile

KEYS = {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
CLUSTER = "conformance-cluster"

VARIANTS = [
    ({}, None),
    ({"AWS_SESSION_TOKEN": "FwoGZXIvYXdzEJr//////////wEaDExample+/=="}, None),
    ({"AWS_USE_FIPS_ENDPOINT": "true"}, None),
    ({"AWS_USE_DUALSTACK_ENDPOINT": "true"}, None),
    ({"AWS_USE_FIPS_ENDPOINT": "true", "AWS_USE_DUALSTACK_ENDPOINT": "true"}, None),
    ({"AWS_STS_REGIONAL_ENDPOINTS": "legacy"}, None),
    ({"AWS_STS_REGIONAL_ENDPOINTS": "regional"}, "[default]\nsts_regional_endpoints = legacy\n"),
    ({}, "[default]\nsts_regional_endpoints = legacy\n"),
    ({}, "[default]\nuse_fips_endpoint = true\n"),
    ({}, "[default]\nuse_dualstack_endpoint = true\n"),
    ({"AWS_USE_FIPS_ENDPOINT": "false"}, "[default]\nuse_fips_endpoint = true\n"),
    ({"AWS_STS_REGIONAL_ENDPOINTS": "legacy", "AWS_USE_FIPS_ENDPOINT": "true"}, None),
]


def regions():
    import botocore.loaders

    data = botocore.loaders.create_loader().load_data("partitions")
    out = []
    for p in data["partitions"]:
        out += sorted(p.get("regions", {}).keys())
    return out


def session_for(env, config, tmp):
    """One botocore session per endpoint setting, as `aws eks get-token` builds one per run:
    the session reads the variables and the config file, and its clients differ only in the
    region. (A session per case spent most of this script's time registering handlers.)"""
    import botocore.session

    for k in list(os.environ):
        if k.startswith("AWS_"):
            del os.environ[k]
    os.environ.update(KEYS)
    os.environ.update(env)
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    path = os.path.join(tmp, "config")
    with open(path, "w") as f:
        f.write(config or "")
    os.environ["AWS_CONFIG_FILE"] = path
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(tmp, "credentials")
    return botocore.session.Session()


def token(session, region):
    from awscli.customizations.eks.get_token import STSClientFactory, TokenGenerator

    try:
        sts = STSClientFactory(session).get_sts_client(region_name=region)
        return TokenGenerator(sts).get_token(CLUSTER)
    except Exception as e:  # botocore cannot build the endpoint
        return {"error": type(e).__name__}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp()
    cases = []
    for env, config in VARIANTS:
        session = session_for(env, config, tmp)
        for region in regions() + [None]:
            cases.append({"region": region, "env": env, "config": config, "token": token(session, region)})
    with open(os.path.join(a.out, "cases.json"), "w") as f:
        json.dump({"cluster": CLUSTER, "keys": KEYS, "cases": cases}, f)


if __name__ == "__main__":
    sys.exit(main())
