variable "vpc_id" {
  type = string
}

variable "admin_cidr" {
  type = string
}

resource "aws_security_group" "rdp" {
  name   = "rdp"
  vpc_id = var.vpc_id

  ingress {
    from_port = 3389
    to_port   = 3389
    protocol  = "tcp"
    # ruleid: PC-AWS-001
    cidr_blocks = [var.admin_cidr]
  }

  ingress {
    from_port = 443
    to_port   = 443
    protocol  = "tcp"
    # ok: PC-AWS-001
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "mysql" {
  security_group_id = aws_security_group.rdp.id
  # ruleid: PC-AWS-001
  cidr_ipv4   = var.admin_cidr
  from_port   = 3306
  to_port     = 3306
  ip_protocol = "tcp"
}
