import Common
import Network

/// What DescribeCluster gave for one cluster, written onto its envelope object. eks-describe
/// owns exactly these fields of a cluster (DESIGN.md "The envelope"); everything else is kept.
enum DescribeOutcome {
    /// A failed cluster's `error`.
    struct Failure: Equatable {
        var code: String
        var message: String

        var envelopeError: ClusterError { ClusterError(code: code, message: message) }
    }

    /// Sets the describe fields (or the error) on `object`; returns the failure, if any.
    /// Fields left from an earlier run are replaced, so an envelope can be described again.
    static func apply(_ result: Result<EKSClient.Cluster, Error>, to cluster: inout EnvelopeCluster) -> Failure? {
        for field in EnvelopeCluster.describeFields { cluster.set(field, nil) }
        cluster.set(.error, nil)
        switch result {
        case .success(let c):
            let values: [String?] = [c.arn, c.endpoint, c.certificateAuthorityData, c.status, c.version, c.platformVersion, c.localClusterId]
            for (field, value) in zip(EnvelopeCluster.describeFields, values) { cluster.set(field, value) }
            var failure: Failure? = nil
            if !c.isUsable {
                // Kept with its describe fields: the status says what to wait for.
                failure = Failure(code: "ClusterNotActive",
                                  message: "the cluster is \(c.status ?? "in an unknown state"), not ACTIVE: it has no usable API endpoint")
            } else if c.endpoint == nil || c.certificateAuthorityData == nil {
                failure = Failure(code: "IncompleteDescription",
                                  message: "DescribeCluster gave no \(c.endpoint == nil ? "endpoint" : "certificate authority data") for an \(c.status!) cluster")
            }
            cluster.set(.error, failure?.envelopeError)
            return failure
        case .failure(let error):
            let failure = Self.failure(error)
            cluster.set(.error, failure.envelopeError)
            return failure
        }
    }

    /// AWS's own code and message; for no answer at all, a code that says what kind of failure.
    static func failure(_ error: Error) -> Failure {
        switch error {
        case let e as AWSServiceError:
            return Failure(code: e.code, message: e.awsMessage.isEmpty ? "HTTP \(e.status)" : e.awsMessage)
        case let e as TransportError:
            let code: String
            switch e.kind {
            case .timeout: code = "RequestTimeout"
            case .connect: code = "ConnectionFailed"
            case .other: code = "RequestFailed"
            }
            return Failure(code: code, message: e.message)
        case let e as ToolError:
            return Failure(code: "InvalidResponse", message: e.message)
        default:
            return Failure(code: "InvalidResponse", message: "\(error)")
        }
    }
}
