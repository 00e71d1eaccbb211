import Common

/// A profile of the shared config/credentials files, resolved as botocore resolves it:
/// `role_arn` with `source_profile` (followed through chains, loops refused) or
/// `credential_source`, `role_arn` with `web_identity_token_file`, SSO, static keys, then
/// `credential_process`.
extension CredentialResolver {
    /// Nil when the profile exists but configures no credentials (the chain goes on).
    func resolveProfile(_ name: String, _ p: AWSConfigFiles.Section, visited: [String]) throws -> ResolvedCredentials? {
        let visited = visited + [name]
        if let roleArn = nonEmpty(p, "role_arn") {
            if nonEmpty(p, "source_profile") == nil && nonEmpty(p, "credential_source") == nil,
               let tokenFile = nonEmpty(p, "web_identity_token_file") {
                return try webIdentity(tokenFile: tokenFile, roleArn: roleArn, sessionName: nonEmpty(p, "role_session_name"), profile: name)
            }
            return try assumeRole(name, p, roleArn: roleArn, visited: visited)
        }
        if nonEmpty(p, "web_identity_token_file") != nil {
            throw InputError("\(p.location(of: "web_identity_token_file")): profile '\(name)' has web_identity_token_file but no role_arn")
        }
        if nonEmpty(p, "sso_session") != nil || nonEmpty(p, "sso_start_url") != nil || nonEmpty(p, "sso_account_id") != nil {
            return try resolveSSO(name, p)
        }
        // botocore's order: keys of the credentials file, credential_process, keys of the config file.
        if let keys = try LocalCredentials.fromProfile(name, p, file: .credentials) {
            return ResolvedCredentials(credentials: keys, source: ResolvedCredentials.source("profile", profile: name))
        }
        if let command = nonEmpty(p, "credential_process") {
            let creds = try runCredentialProcess(command, location: p.location(of: "credential_process"))
            return ResolvedCredentials(credentials: creds, source: ResolvedCredentials.source("credential-process", profile: name))
        }
        if let keys = try LocalCredentials.fromProfile(name, p, file: .config) {
            return ResolvedCredentials(credentials: keys, source: ResolvedCredentials.source("profile", profile: name))
        }
        return nil
    }

    func nonEmpty(_ p: AWSConfigFiles.Section, _ key: String) -> String? {
        guard let v = p[key], !v.isEmpty else { return nil }
        return v
    }

    private func assumeRole(_ name: String, _ p: AWSConfigFiles.Section, roleArn: String, visited: [String]) throws -> ResolvedCredentials {
        let sourceProfile = nonEmpty(p, "source_profile")
        let credentialSource = nonEmpty(p, "credential_source")
        if sourceProfile != nil && credentialSource != nil {
            throw InputError("\(p.location(of: "credential_source")): profile '\(name)' has both source_profile and credential_source")
        }
        let base: ResolvedCredentials
        if let sp = sourceProfile {
            if sp == name, let keys = try LocalCredentials.fromProfile(name, p) {
                // A profile may name itself as the source of its own static keys.
                base = ResolvedCredentials(credentials: keys, source: ResolvedCredentials.source("profile", profile: name))
            } else if visited.contains(sp) {
                throw InputError("\(p.location(of: "source_profile")): source_profile loop: \((visited + [sp]).joined(separator: " → "))")
            } else {
                guard let section = files.profile(sp) else {
                    throw InputError("\(p.location(of: "source_profile")): source_profile '\(sp)' of profile '\(name)' does not exist")
                }
                guard let r = try CredentialSourceError.naming("source profile \(sp)", { try resolveProfile(sp, section, visited: visited) }) else {
                    throw InputError("\(section.location(of: "aws_access_key_id")): source profile '\(sp)' has no credentials")
                }
                base = r
            }
        } else if let cs = credentialSource {
            base = try fromCredentialSource(cs, location: p.location(of: "credential_source"))
        } else {
            throw InputError("\(p.location(of: "role_arn")): profile '\(name)' has role_arn but neither source_profile nor credential_source")
        }
        var duration: Int? = nil
        if let d = nonEmpty(p, "duration_seconds") {
            guard let n = Int(d), n >= 900, n <= 43200 else {
                throw InputError("\(p.location(of: "duration_seconds")): duration_seconds must be a number of seconds from 900 to 43200")
            }
            duration = n
        }
        var serial: String? = nil
        var code: String? = nil
        if let s = nonEmpty(p, "mfa_serial") {
            guard request.interactive else {
                throw RuntimeError("role \(roleArn) needs an MFA code (mfa_serial \(s)) and this run may not prompt (--non-interactive); run creds-resolve --profile \(request.profileName) in a terminal first")
            }
            serial = s
            code = try promptMFA(s, name)
        }
        let input = STSClient.AssumeRoleInput(roleArn: roleArn, sessionName: nonEmpty(p, "role_session_name") ?? defaultSessionName,
                                              externalId: nonEmpty(p, "external_id"), durationSeconds: duration,
                                              serialNumber: serial, tokenCode: code)
        let assumed = try CredentialSourceError.naming("assume role \(roleArn)") {
            try sts().assumeRole(input, credentials: base.credentials)
        }
        return ResolvedCredentials(credentials: assumed.credentials,
                                   source: ResolvedCredentials.source("assume-role", profile: name, roleArn: roleArn, extra: [("via", base.source)]))
    }

    private func fromCredentialSource(_ cs: String, location: String) throws -> ResolvedCredentials {
        switch cs {
        case "Environment":
            guard let env = try LocalCredentials.fromEnvironment() else {
                throw RuntimeError("credential_source Environment, but AWS_ACCESS_KEY_ID is not set")
            }
            return ResolvedCredentials(credentials: env, source: ResolvedCredentials.source("environment"))
        case "EcsContainer":
            guard let c = try containerCredentials() else {
                throw RuntimeError("credential_source EcsContainer, but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set")
            }
            return c
        case "Ec2InstanceMetadata":
            guard !InstanceMetadataClient.disabled else {
                throw RuntimeError("credential_source Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is true")
            }
            guard let i = try instanceCredentials(profile: selectedProfile) else {
                throw RuntimeError("credential_source Ec2InstanceMetadata, but instance metadata gave no role credentials")
            }
            return i
        default:
            throw InputError("\(location): credential_source must be Environment, Ec2InstanceMetadata or EcsContainer")
        }
    }

    /// Runs the profile's `credential_process` (no shell, as the AWS CLI) and reads its
    /// credential_process document. Its stderr goes to ours: it may need to talk to the user.
    func runCredentialProcess(_ command: String, location: String) throws -> Credentials {
        let argv: [String]
        do { argv = try ShellWords.split(command) } catch {
            throw InputError("\(location): credential_process has an unterminated quote")
        }
        guard !argv.isEmpty else { throw InputError("\(location): credential_process is empty") }
        let result: Subprocess.Result
        do { result = try Subprocess.run(argv, captureStderr: false) } catch {
            throw RuntimeError("credential_process \(argv[0]) could not be run: \(error)")
        }
        guard result.status == 0 else {
            throw RuntimeError("credential_process \(argv[0]) exited with status \(result.status)")
        }
        let doc: JSON
        do { doc = try JSON.parse(result.stdout, source: "credential_process output") } catch let e as JSONSyntaxError {
            throw RuntimeError("credential_process \(argv[0]) printed invalid JSON (line \(e.line), column \(e.column): \(e.text))")
        }
        let creds: Credentials
        do { creds = try Credentials(credentialProcess: doc, at: "credential_process output", requireVersion: true) } catch let e as ToolError {
            throw RuntimeError("credential_process \(argv[0]): \(e.message)")
        }
        return creds
    }
}
