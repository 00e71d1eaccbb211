import Common

/// The container endpoint (ECS tasks, EKS Pod Identity); nil when its variables are not set.
public struct ContainerProvider: CredentialProvider {
    public var context: ProviderContext

    public init(context: ProviderContext) { self.context = context }

    public func resolve() throws -> ResolvedCredentials? {
        guard let client = try ContainerCredentialsClient.fromEnvironment(http: context.http, environment: context.environment) else {
            return nil
        }
        let creds = try CredentialSourceError.naming("container credentials (\(client.origin))") { try client.fetch() }
        return ResolvedCredentials(credentials: creds, source: ResolvedCredentials.source("container"))
    }
}

/// EC2 instance metadata: the instance role's credentials; nil when IMDS is turned off, not
/// reachable (not an EC2 instance: the chain simply ends) or the instance has no role.
public struct InstanceMetadataProvider: CredentialProvider {
    public var context: ProviderContext

    public init(context: ProviderContext) { self.context = context }

    public var disabled: Bool { InstanceMetadataClient.isDisabled(in: context.environment) }

    public func resolve() throws -> ResolvedCredentials? {
        if disabled { return nil }
        let client = try InstanceMetadataClient.fromEnvironment(http: context.http, profile: context.selectedProfile,
                                                               environment: context.environment)
        do {
            guard let (creds, role) = try client.roleCredentials() else { return nil }
            return ResolvedCredentials(credentials: creds, source: ResolvedCredentials.source("imds", extra: [("role", .string(role))]))
        } catch is TransportError {
            return nil
        } catch {
            throw CredentialSourceError("instance metadata", error)
        }
    }
}
