variable "log_types" {
  type    = list(string)
  default = ["api", "audit", "authenticator"]
}

variable "log_types_unset" {
  type = list(string)
}

resource "aws_eks_cluster" "audited" {
  name     = "audited"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  # ok: PC-AWS-094
  enabled_cluster_log_types = ["api", "audit"]

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

resource "aws_eks_cluster" "api_only" {
  name     = "api-only"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  # ruleid: PC-AWS-094
  enabled_cluster_log_types = ["api", "scheduler"]

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

# ruleid: PC-AWS-094
resource "aws_eks_cluster" "no_logs" {
  name     = "no-logs"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

resource "aws_eks_cluster" "from_variable_default" {
  name     = "from-variable"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  # ok: PC-AWS-094
  enabled_cluster_log_types = var.log_types

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

resource "aws_eks_cluster" "from_unset_variable" {
  name     = "from-unset-variable"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  # unknown: PC-AWS-094
  enabled_cluster_log_types = var.log_types_unset

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

resource "aws_eks_cluster" "never_created" {
  count    = 0
  name     = "never"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  # ok: PC-AWS-094
  enabled_cluster_log_types = []

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}
