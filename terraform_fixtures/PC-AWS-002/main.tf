variable "app_port" {
  type = number
}

resource "aws_security_group" "app" {
  name = "app"

  ingress {
    # ruleid: PC-AWS-002
    from_port   = 8000
    to_port     = 8100
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    # ok: PC-AWS-002
    from_port   = 8000
    to_port     = 8009
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    from_port = 0
    to_port   = 0
    # ruleid: PC-AWS-002
    protocol         = "-1"
    ipv6_cidr_blocks = ["fd00::/8"]
  }

  ingress {
    # ok: PC-AWS-002
    from_port       = 0
    to_port         = 65535
    protocol        = "tcp"
    security_groups = ["sg-0123456789abcdef0"]
  }

  ingress {
    # ok: PC-AWS-002
    from_port = 0
    to_port   = 0
    protocol  = "-1"
    self      = true
  }

  ingress {
    # ok: PC-AWS-002
    from_port   = -1
    to_port     = -1
    protocol    = "icmp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  egress {
    # ok: PC-AWS-002
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "range" {
  type = "ingress"
  # ruleid: PC-AWS-002
  from_port         = 1024
  to_port           = 65535
  protocol          = "udp"
  cidr_blocks       = ["192.168.0.0/16"]
  security_group_id = aws_security_group.app.id
}

resource "aws_security_group_rule" "from_group" {
  type = "ingress"
  # ok: PC-AWS-002
  from_port                = 0
  to_port                  = 65535
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.app.id
  security_group_id        = aws_security_group.app.id
}

resource "aws_security_group_rule" "port_from_variable" {
  type = "ingress"
  # unknown: PC-AWS-002
  from_port         = var.app_port
  to_port           = 9000
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  security_group_id = aws_security_group.app.id
}

resource "aws_vpc_security_group_ingress_rule" "everything" {
  security_group_id = aws_security_group.app.id
  cidr_ipv4         = "10.0.0.0/8"
  # ruleid: PC-AWS-002
  ip_protocol = "-1"
}

resource "aws_vpc_security_group_ingress_rule" "peer" {
  security_group_id            = aws_security_group.app.id
  referenced_security_group_id = aws_security_group.app.id
  # ok: PC-AWS-002
  ip_protocol = "-1"
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.app.id
  cidr_ipv4         = "0.0.0.0/0"
  # ok: PC-AWS-002
  from_port   = 443
  to_port     = 443
  ip_protocol = "tcp"
}

resource "aws_security_group" "disabled" {
  count = 0
  name  = "disabled"

  ingress {
    # ok: PC-AWS-002
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
