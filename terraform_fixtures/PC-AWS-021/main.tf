variable "extra_sg_ids" {
  type = list(string)
}

resource "aws_security_group" "app" {
  name = "app"
}

resource "aws_security_group" "open_db" {
  name = "open-db"

  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "private_db" {
  name = "private-db"

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }

  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group" "cluster" {
  name = "cluster"
}

resource "aws_vpc_security_group_ingress_rule" "cluster_v6" {
  security_group_id = aws_security_group.cluster.id
  cidr_ipv6         = "::/0"
  from_port         = 3306
  to_port           = 3306
  ip_protocol       = "tcp"
}

resource "aws_security_group" "search" {
  name = "search"
}

resource "aws_security_group_rule" "search_https" {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.search.id
}

resource "aws_db_instance" "open" {
  engine = "postgres"
  # ruleid: PC-AWS-021
  vpc_security_group_ids = [aws_security_group.open_db.id]
}

resource "aws_db_instance" "private" {
  engine = "postgres"
  # ok: PC-AWS-021
  vpc_security_group_ids = [aws_security_group.private_db.id]
}

resource "aws_db_instance" "mixed" {
  engine = "mysql"
  # ruleid: PC-AWS-021
  vpc_security_group_ids = [aws_security_group.private_db.id, aws_security_group.open_db.id]
}

# ok: PC-AWS-021
resource "aws_db_instance" "default_group" {
  engine = "mysql"
}

resource "aws_db_instance" "from_variable" {
  engine = "postgres"
  # unknown: PC-AWS-021
  vpc_security_group_ids = var.extra_sg_ids
}

resource "aws_rds_cluster" "aurora" {
  engine = "aurora-mysql"
  # ruleid: PC-AWS-021
  vpc_security_group_ids = [aws_security_group.cluster.id]
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "sessions"
  # ok: PC-AWS-021
  security_group_ids = [aws_security_group.private_db.id]
}

resource "aws_elasticache_cluster" "legacy" {
  cluster_id = "legacy"
  engine     = "memcached"
  # unknown: PC-AWS-021
  security_group_ids = ["sg-0123456789abcdef0"]
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
  # ok: PC-AWS-021
  vpc_security_group_ids = [aws_security_group.private_db.id]
}

resource "aws_opensearch_domain" "in_vpc" {
  domain_name = "logs"

  vpc_options {
    subnet_ids = ["subnet-1"]
    # ruleid: PC-AWS-021
    security_group_ids = [aws_security_group.search.id]
  }
}

# ok: PC-AWS-021
resource "aws_opensearch_domain" "public_endpoint" {
  domain_name = "public"
}

resource "aws_db_instance" "disabled" {
  count  = 0
  engine = "postgres"
  # ok: PC-AWS-021
  vpc_security_group_ids = [aws_security_group.open_db.id]
}

module "cache" {
  source = "./modules/cache"
}
