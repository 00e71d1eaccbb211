import Common

extension IdentityResolver {
    func permissionSetCredentials(_ identity: AuthConfig.Identity) throws -> ResolvedCredentials {
        throw RuntimeError("\(identity.location): aws/permission-set identities are not supported yet")
    }

    func assumeRoleWithProvider(_ identity: AuthConfig.Identity, providerName: String, roleArn: String, sessionName: String,
                                duration: Int?, region: String?) throws -> ResolvedCredentials {
        throw RuntimeError("\(identity.location): via.provider is not supported yet")
    }
}
