import Common

// Under construction: only --help works until its issue lands (see README.md).
let tool = Tool(name: "creds-resolve", usage: "creds-resolve [options]", help: "Not yet implemented.", options: [])
tool.main { _ in throw RuntimeError("not implemented yet") }
