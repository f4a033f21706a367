variable "api_cidrs" {
  type = list(string)
}

resource "aws_eks_cluster" "default_public" {
  name     = "default-public"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  # ruleid: PC-AWS-096
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

resource "aws_eks_cluster" "world" {
  name     = "world"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids             = ["subnet-1", "subnet-2"]
    endpoint_public_access = true
    # ruleid: PC-AWS-096
    public_access_cidrs = ["203.0.113.0/24", "0.0.0.0/0"]
  }
}

resource "aws_eks_cluster" "restricted" {
  name     = "restricted"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
    # ok: PC-AWS-096
    public_access_cidrs = ["203.0.113.0/24"]
  }
}

resource "aws_eks_cluster" "private" {
  name     = "private"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids              = ["subnet-1", "subnet-2"]
    endpoint_private_access = true
    # ok: PC-AWS-096
    endpoint_public_access = false
  }
}

resource "aws_eks_cluster" "from_variable" {
  name     = "variable"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
    # unknown: PC-AWS-096
    public_access_cidrs = var.api_cidrs
  }
}
