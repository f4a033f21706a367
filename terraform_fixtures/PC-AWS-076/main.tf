variable "encrypted_resources" {
  type    = list(string)
  default = ["secrets"]
}

variable "encrypted_resources_unset" {
  type = list(string)
}

resource "aws_kms_key" "eks" {
  enable_key_rotation = true
}

resource "aws_eks_cluster" "encrypted" {
  name     = "encrypted"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  # ok: PC-AWS-076
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

# ruleid: PC-AWS-076
resource "aws_eks_cluster" "plain" {
  name     = "plain"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

resource "aws_eks_cluster" "from_variable_default" {
  name     = "from-variable"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  # ok: PC-AWS-076
  encryption_config {
    resources = var.encrypted_resources
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

resource "aws_eks_cluster" "from_unset_variable" {
  name     = "from-unset-variable"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  # unknown: PC-AWS-076
  encryption_config {
    resources = var.encrypted_resources_unset
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

resource "aws_eks_cluster" "never_created" {
  count    = 0
  name     = "never"
  role_arn = "arn:aws:iam::123456789012:role/eks"

  # ok: PC-AWS-076
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}
