#!/usr/bin/env python3
"""moto's real server, with EKS clusters that point where a test says.

    moto_eks.py [moto_server arguments: -H 127.0.0.1 -p PORT ...]

moto gives every EKS cluster a made-up endpoint (https://<random>.gr7.<region>.eks.amazonaws.com)
and 1400 random characters as its CA, so a kubeconfig written from moto's DescribeCluster can
never reach anything. The flows (login → kubectl) need the endpoint to be a local Kubernetes API
(scripts/fakes/kube_api.py) and the CA to be that server's. This launcher patches
`moto.eks.models.Cluster.__init__` so that two tags given at CreateCluster override them:

    ekspipe.test/endpoint                      the cluster's endpoint (e.g. https://127.0.0.1:PORT)
    ekspipe.test/certificate-authority-data    base64 PEM, as DescribeCluster returns it
    ekspipe.test/outpost-id                    makes it an EKS local cluster on Outposts, which
                                               moto cannot create: DescribeCluster then gives
                                               this `id` and an `outpostConfig`, as EKS does

Everything else is moto: its request parsing, its models, its DescribeCluster answer, so
eks-describe still reads what the real emulator says. Without the tags a cluster is moto's
usual one. Like the other fakes it exits when its parent process dies, so a killed test or
demo leaves no server behind.
"""

import os
import sys
import threading
import time

ENDPOINT_TAG = "ekspipe.test/endpoint"
CA_TAG = "ekspipe.test/certificate-authority-data"
OUTPOST_TAG = "ekspipe.test/outpost-id"


def patch_eks():
    from moto.eks import models

    original = models.Cluster.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        tags = self.tags or {}
        if tags.get(ENDPOINT_TAG):
            self.endpoint = tags[ENDPOINT_TAG]
        if tags.get(CA_TAG):
            self.certificate_authority = {"data": tags[CA_TAG]}
        if tags.get(OUTPOST_TAG):
            self.id = tags[OUTPOST_TAG]
            region, account = self.arn.split(":")[3:5]
            self.outpost_config = {
                "outpostArns": [f"arn:aws:outposts:{region}:{account}:outpost/op-0123456789abcdef0"],
                "controlPlaneInstanceType": "m5.large",
            }

    models.Cluster.__init__ = init


def exit_with_parent():
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main():
    patch_eks()
    exit_with_parent()
    from moto.server import main as moto_main
    moto_main(sys.argv[1:])


if __name__ == "__main__":
    main()
