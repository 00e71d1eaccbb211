#!/usr/bin/env python3
"""The real AWS CLI (awscli.clidriver, what `aws` runs) with its one AssumeRole call answered
by credentials the caller gives, so `aws eks get-token --role-arn ROLE` can be compared with
ekspipe's token at equal credentials.

    EKSPIPE_ROLE_CREDENTIALS='{"AccessKeyId": ..., "SecretAccessKey": ..., "SessionToken": ...}' \\
    EKSPIPE_EXPECT_ROLE=arn:aws:iam::123456789012:role/eks-admin \\
    faketime -f '2026-03-04 05:06:07' aws_get_token_as_role.py eks get-token --cluster-name c \\
        --region us-east-2 --role-arn arn:aws:iam::123456789012:role/eks-admin

Why: STS hands out new keys on every AssumeRole (moto too), so two programs that each assume
the role sign with different keys and their tokens can never be equal. Here the AWS CLI's own
code does everything else (argument parsing, the STS client and its endpoint, the presigning,
the output): only the network answer of AssumeRole is replaced, after checking that the CLI
asked for the expected role. Exits 3 when it asked for another role.
"""
import json
import os
import sys

from awscli.customizations.eks import get_token


def fixed_role_credentials(self, region_name, role_arn):
    expected = os.environ["EKSPIPE_EXPECT_ROLE"]
    if role_arn != expected:
        sys.stderr.write(f"aws_get_token_as_role: the AWS CLI asked for {role_arn}, expected {expected}\n")
        sys.exit(3)
    return json.loads(os.environ["EKSPIPE_ROLE_CREDENTIALS"])


get_token.STSClientFactory._get_role_credentials = fixed_role_credentials

if __name__ == "__main__":
    from awscli.clidriver import main

    sys.exit(main())
