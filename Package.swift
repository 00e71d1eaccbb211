// swift-tools-version:6.0
// ekspipe: small Foundation-free executables that exchange one JSON envelope on stdin/stdout.
// Why two library targets: every shared library a binary links is loaded at each start, and
// eks-presign runs before every kubectl call, so only creds-resolve and eks-describe link
// Network (libcurl, libxml2). See ../shared/DESIGN.md.
import PackageDescription

let package = Package(
    name: "ekspipe",
    products: [
        .executable(name: "creds-resolve", targets: ["creds-resolve"]),
        .executable(name: "eks-describe", targets: ["eks-describe"]),
        .executable(name: "kubeconfig-merge", targets: ["kubeconfig-merge"]),
        .executable(name: "eks-presign", targets: ["eks-presign"]),
    ],
    targets: [
        // Common's C libraries are linked statically (module.modulemap: `link ":libX.a"`): each
        // shared library costs symbol lookups and page faults at every start, and eks-presign
        // starts on every kubectl call. Only the few objects used are pulled in.
        .systemLibrary(name: "CJansson", providers: [.apt(["libjansson-dev"])]),
        .systemLibrary(name: "CYAML", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CCrypto", providers: [.apt(["libssl-dev"])]),
        // libcurl: headers only at build time; opened with dlopen on the first request (CCurl/shim.h).
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        .target(name: "Common", dependencies: ["CJansson", "CYAML", "CCrypto"]),
        .target(name: "Network", dependencies: ["Common", "CCurl", "CXML2"]),

        .executableTarget(name: "creds-resolve", dependencies: ["Common", "Network"]),
        .executableTarget(name: "eks-describe", dependencies: ["Common", "Network"]),
        .executableTarget(name: "kubeconfig-merge", dependencies: ["Common"]),
        .executableTarget(name: "eks-presign", dependencies: ["Common"]),

        .testTarget(name: "CommonTests", dependencies: ["Common"]),
        .testTarget(name: "NetworkTests", dependencies: ["Network", "Common"]),
        .testTarget(name: "ToolTests", dependencies: ["Common"]),
    ]
)
