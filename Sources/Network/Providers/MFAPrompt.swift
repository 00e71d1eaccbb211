import Common
import Glibc

/// Asks for an MFA code on the controlling terminal (not stdin/stdout: those carry the
/// envelope), as the AWS CLI does for `mfa_serial` profiles. The run's deadline is paused
/// while the person types.
public enum MFAPrompt {
    /// `owner` names what needs the code in messages ("profile dev", "identity base").
    public static func read(serial: String, owner: String) throws -> String {
        let fd = Glibc.open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            throw MFAError(.noTerminal(owner: owner, serial: serial))
        }
        defer { Glibc.close(fd) }
        try Sys.writeAll(fd, "Enter MFA code for \(serial): ", path: "/dev/tty")
        let line = Deadline.waitingForAPerson { () -> [UInt8] in
            var line: [UInt8] = []
            var byte: UInt8 = 0
            while true {
                let n = Glibc.read(fd, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 || byte == 10 { break }
                line.append(byte)
            }
            return line
        }
        let code = String(String(decoding: line, as: UTF8.self).trimmingWhitespace())
        guard !code.isEmpty else { throw MFAError(.noCodeEntered(owner: owner)) }
        return code
    }
}
