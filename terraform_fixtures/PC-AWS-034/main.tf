variable "health_path" {
  type = string
}

resource "aws_lb_target_group" "checked" {
  name     = "checked"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0123456789abcdef0"

  health_check {
    # ok: PC-AWS-034
    path    = "/health"
    matcher = "200"
  }
}

# ruleid: PC-AWS-034
resource "aws_lb_target_group" "no_block" {
  name     = "no-block"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0123456789abcdef0"
}

resource "aws_lb_target_group" "disabled_check" {
  name     = "disabled"
  port     = 8443
  protocol = "HTTPS"
  vpc_id   = "vpc-0123456789abcdef0"

  health_check {
    # ruleid: PC-AWS-034
    enabled = false
    path    = "/health"
  }
}

resource "aws_alb_target_group" "no_path" {
  name     = "no-path"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0123456789abcdef0"

  # ruleid: PC-AWS-034
  health_check {
    interval = 10
  }
}

resource "aws_lb_target_group" "tcp_check" {
  name     = "tcp-check"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0123456789abcdef0"

  health_check {
    # ruleid: PC-AWS-034
    protocol = "TCP"
  }
}

resource "aws_lb_target_group" "path_from_variable" {
  name     = "variable"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0123456789abcdef0"

  health_check {
    # unknown: PC-AWS-034
    path = var.health_path
  }
}

resource "aws_lb_target_group" "tcp" {
  name   = "tcp"
  port   = 5432
  vpc_id = "vpc-0123456789abcdef0"
  # ok: PC-AWS-034
  protocol = "TCP"
}

# ok: PC-AWS-034
resource "aws_lb_target_group" "lambda" {
  name        = "lambda"
  target_type = "lambda"
}
