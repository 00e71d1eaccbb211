/// The region a run uses, in the order every ekspipe tool and the AWS SDKs agree on: the
/// `--region` flag, a region the selection itself carries (an identity's, or its `via`
/// chain's), `AWS_REGION`, `AWS_DEFAULT_REGION`, then the shared config's (read only when
/// reached, since it costs a file read). Written once: four tools used to spell it out.
public enum RegionChain {
    public static func resolve(flag: String?, own: String? = nil, environment: Environment = .process,
                               configured: () throws -> String? = { nil }) rethrows -> String? {
        if let flag { return flag }
        if let own { return own }
        if let r = environment.nonEmpty("AWS_REGION") ?? environment.nonEmpty("AWS_DEFAULT_REGION") { return r }
        return try configured()
    }

    /// The `region` of profile `name` in `files`, nil when absent or empty.
    public static func profileRegion(_ name: String, in files: AWSConfigFiles) -> String? {
        files.profile(name)?.value("region")
    }
}
