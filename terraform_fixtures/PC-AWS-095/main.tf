variable "access_logs_unset" {
  type = bool
}

resource "aws_lb" "logged" {
  name               = "logged"
  load_balancer_type = "application"

  access_logs {
    bucket = "acme-lb-logs"
    # ok: PC-AWS-095
    enabled = true
  }
}

# The provider defaults enabled to false even with a bucket.
resource "aws_lb" "bucket_only" {
  name               = "bucket-only"
  load_balancer_type = "application"

  # ruleid: PC-AWS-095
  access_logs {
    bucket = "acme-lb-logs"
  }
}

# ruleid: PC-AWS-095
resource "aws_alb" "no_block" {
  name = "no-block"
}

resource "aws_lb" "network_off" {
  name               = "network-off"
  load_balancer_type = "network"

  access_logs {
    bucket = "acme-lb-logs"
    # ruleid: PC-AWS-095
    enabled = false
  }
}

resource "aws_lb" "from_unset_variable" {
  name = "unknown"

  access_logs {
    bucket = "acme-lb-logs"
    # unknown: PC-AWS-095
    enabled = var.access_logs_unset
  }
}

# Gateway load balancers have no access logs.
# ok: PC-AWS-095
resource "aws_lb" "gateway" {
  name               = "gateway"
  load_balancer_type = "gateway"
}

# ok: PC-AWS-095
resource "aws_lb" "never_created" {
  count = 0
  name  = "never"
}
