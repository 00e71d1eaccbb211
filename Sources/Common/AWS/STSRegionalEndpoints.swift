/// The `sts_regional_endpoints` setting (`AWS_STS_REGIONAL_ENDPOINTS`, else the profile's key):
/// `regional` (the default) or `legacy`, which sends the legacy regions to the global STS
/// endpoint. It changes the host inside an EKS token, so it is read as botocore reads it: the
/// variable when set, an empty value meaning the default, any other word an error.
public enum STSRegionalEndpoints {
    public static func isLegacy(profile: AWSConfigFiles.Section?) throws -> Bool {
        let (value, origin): (String?, String) = Env.get("AWS_STS_REGIONAL_ENDPOINTS").map { ($0, "AWS_STS_REGIONAL_ENDPOINTS") }
            ?? (profile?["sts_regional_endpoints"], profile?.location(of: "sts_regional_endpoints") ?? "")
        switch value ?? "" {
        case "", "regional": return false
        case "legacy": return true
        default: throw AWSSettingValueError(origin: origin, setting: "sts_regional_endpoints", expected: "legacy or regional")
        }
    }
}
