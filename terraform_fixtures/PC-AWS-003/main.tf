resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "other" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_vpc" "third" {
  cidr_block = "10.2.0.0/16"
}

# ok: PC-AWS-003
resource "aws_default_security_group" "locked" {
  vpc_id = aws_vpc.main.id
}

resource "aws_default_security_group" "open" {
  vpc_id = aws_vpc.other.id

  # ruleid: PC-AWS-003
  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }

  # ruleid: PC-AWS-003
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_default_security_group" "with_rule_resources" {
  vpc_id = aws_vpc.third.id
}

# ruleid: PC-AWS-003
resource "aws_security_group_rule" "default_https" {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  security_group_id = aws_default_security_group.with_rule_resources.id
}

# ruleid: PC-AWS-003
resource "aws_vpc_security_group_egress_rule" "default_egress" {
  security_group_id = aws_default_security_group.with_rule_resources.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = aws_vpc.main.id
}

# ok: PC-AWS-003
resource "aws_security_group_rule" "app_https" {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  security_group_id = aws_security_group.app.id
}

variable "default_group_ports" {
  type = list(number)
}

resource "aws_vpc" "fourth" {
  cidr_block = "10.3.0.0/16"
}

# unknown: PC-AWS-003
resource "aws_default_security_group" "dynamic_rules" {
  vpc_id = aws_vpc.fourth.id

  dynamic "ingress" {
    for_each = var.default_group_ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}
