import Common
let tool = Tool(name: "eks-presign", usage: "eks-presign --cluster-name NAME", help: "", options: [])
tool.main { _ in .ok }
