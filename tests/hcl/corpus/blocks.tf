terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
  backend "s3" {
    bucket = "state"
    key    = "prod/terraform.tfstate"
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      Environment = var.environment
      "kubernetes.io/cluster/main" = "owned"
    }
  }
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

variable "region" {
  type        = string
  default     = "eu-west-1"
  description = "Region"
}

variable "subnets" {
  type = list(object({
    cidr = string
    az   = optional(string, "a")
  }))
  default = []

  validation {
    condition     = length(var.subnets) < 10
    error_message = "Too many subnets."
  }
}

locals {
  common_tags = merge(var.tags, { Name = "x" })
  ports       = [22, 443, 8080]
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }

  dynamic "egress" {
    for_each = var.egress_rules
    iterator = rule
    content {
      from_port   = rule.value.from
      to_port     = rule.value.to
      protocol    = "-1"
      cidr_blocks = rule.value.cidrs
    }
  }

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [tags, description]
  }

  tags = local.common_tags
}

resource "aws_instance" "app" {
  count         = var.enabled ? 2 : 0
  ami           = data.aws_ami.ubuntu.id
  instance_type = "t3.micro"
  subnet_id     = element(aws_subnet.private[*].id, count.index)
  user_data     = base64encode(templatefile("${path.module}/init.sh", { port = 8080 }))
  depends_on    = [aws_security_group.web]
  provider      = aws.west

  root_block_device {
    encrypted   = true
    volume_size = 20
  }

  provisioner "local-exec" {
    command = "echo ${self.private_ip}"
    when    = create
  }

  connection {
    type = "ssh"
    host = self.public_ip
  }

  timeouts {
    create = "10m"
  }
}

resource "aws_s3_bucket" "logs" {
  for_each = toset(["a", "b"])
  bucket   = "logs-${each.key}"
}

module "db" {
  source    = "./modules/db"
  name      = "orders"
  encrypted = true
  providers = {
    aws = aws.west
  }
}

output "db_endpoint" {
  value     = module.db.endpoint
  sensitive = true
}

check "health" {
  data "http" "site" {
    url = "https://example.com"
  }
  assert {
    condition     = data.http.site.status_code == 200
    error_message = "down"
  }
}

moved {
  from = aws_instance.old
  to   = aws_instance.app
}

import {
  to = aws_s3_bucket.logs["a"]
  id = "logs-a"
}

unlabeled_a   "one"   two "three"   {
  k = 1
}

empty {}

one_line { b = 1 }

nested {
  inner "l" {
    deep {
      v = 2
    }
  }
  inner "l" {
    v = 3
  }
}
