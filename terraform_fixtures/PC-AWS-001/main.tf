variable "admin_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

variable "office_cidr" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port = 443
    to_port   = 443
    protocol  = "tcp"
    # ok: PC-AWS-001
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port = 80
    to_port   = 80
    protocol  = "tcp"
    # ok: PC-AWS-001
    ipv6_cidr_blocks = ["::/0"]
  }

  ingress {
    from_port = 22
    to_port   = 22
    protocol  = "tcp"
    # ruleid: PC-AWS-001
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port = 8080
    to_port   = 8080
    protocol  = "tcp"
    # ruleid: PC-AWS-001
    ipv6_cidr_blocks = ["::/0"]
  }

  ingress {
    from_port = 5432
    to_port   = 5432
    protocol  = "tcp"
    # ok: PC-AWS-001
    cidr_blocks = [aws_vpc.main.cidr_block]
  }

  ingress {
    from_port = 0
    to_port   = 0
    protocol  = "icmp"
    # ok: PC-AWS-001
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port = 0
    to_port   = 0
    protocol  = "-1"
    # ok: PC-AWS-001
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "everything" {
  name = "everything"

  ingress {
    from_port = 0
    to_port   = 0
    protocol  = "-1"
    # ruleid: PC-AWS-001
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "admin" {
  name = "admin"

  ingress {
    from_port = 22
    to_port   = 22
    protocol  = "tcp"
    # ruleid: PC-AWS-001
    cidr_blocks = [var.admin_cidr]
  }

  ingress {
    from_port = 3389
    to_port   = 3389
    protocol  = "tcp"
    # unknown: PC-AWS-001
    cidr_blocks = [var.office_cidr]
  }

  ingress {
    from_port = 443
    to_port   = 443
    protocol  = "tcp"
    # ok: PC-AWS-001
    cidr_blocks = [var.office_cidr]
  }

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    # ok: PC-AWS-001
    security_groups = [aws_security_group.web.id]
  }
}

resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "db_public" {
  type              = "ingress"
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  # ruleid: PC-AWS-001
  cidr_blocks       = ["10.0.0.0/8", "0.0.0.0/0"]
  security_group_id = aws_security_group.db.id
}

resource "aws_security_group_rule" "db_private" {
  type              = "ingress"
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  # ok: PC-AWS-001
  cidr_blocks       = ["10.0.0.0/8"]
  security_group_id = aws_security_group.db.id
}

resource "aws_security_group_rule" "db_egress" {
  type              = "egress"
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  # ok: PC-AWS-001
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.db.id
}

resource "aws_vpc_security_group_ingress_rule" "redis_v6" {
  security_group_id = aws_security_group.db.id
  # ruleid: PC-AWS-001
  cidr_ipv6   = "::/0"
  from_port   = 6379
  to_port     = 6379
  ip_protocol = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "all_v4" {
  security_group_id = aws_security_group.db.id
  # ruleid: PC-AWS-001
  cidr_ipv4   = "0.0.0.0/0"
  ip_protocol = "-1"
}

resource "aws_vpc_security_group_ingress_rule" "https_v4" {
  security_group_id = aws_security_group.web.id
  # ok: PC-AWS-001
  cidr_ipv4   = "0.0.0.0/0"
  from_port   = 443
  to_port     = 443
  ip_protocol = "tcp"
}

resource "aws_security_group" "disabled" {
  count = 0
  name  = "disabled"

  ingress {
    from_port = 22
    to_port   = 22
    protocol  = "tcp"
    # ok: PC-AWS-001
    cidr_blocks = ["0.0.0.0/0"]
  }
}

module "admin_sg" {
  source     = "./modules/admin_sg"
  vpc_id     = aws_vpc.main.id
  admin_cidr = "0.0.0.0/0"
}
