variable "at_rest" {
  type    = bool
  default = true
}

variable "at_rest_unset" {
  type = bool
}

resource "aws_elasticache_replication_group" "encrypted" {
  replication_group_id = "encrypted"
  description          = "encrypted at rest"
  # ok: PC-AWS-074
  at_rest_encryption_enabled = var.at_rest
}

# ruleid: PC-AWS-074
resource "aws_elasticache_replication_group" "unset" {
  replication_group_id = "unset"
  description          = "not encrypted"
}

resource "aws_redshift_cluster" "encrypted" {
  cluster_identifier = "encrypted"
  node_type          = "ra3.xlplus"
  # ok: PC-AWS-074
  encrypted = true
}

resource "aws_redshift_cluster" "plain" {
  cluster_identifier = "plain"
  node_type          = "ra3.xlplus"
  # ruleid: PC-AWS-074
  encrypted = false
}

resource "aws_redshift_cluster" "from_unset_variable" {
  cluster_identifier = "unknown"
  node_type          = "ra3.xlplus"
  # unknown: PC-AWS-074
  encrypted = var.at_rest_unset
}

resource "aws_opensearch_domain" "encrypted" {
  domain_name = "encrypted"

  encrypt_at_rest {
    # ok: PC-AWS-074
    enabled = true
  }
}

resource "aws_opensearch_domain" "plain" {
  domain_name = "plain"

  encrypt_at_rest {
    # ruleid: PC-AWS-074
    enabled = false
  }
}

# No encrypt_at_rest block at all.
# ruleid: PC-AWS-074
resource "aws_elasticsearch_domain" "legacy" {
  domain_name = "legacy"
}

resource "aws_elasticsearch_domain" "never_created" {
  count       = 0
  domain_name = "never"

  encrypt_at_rest {
    # ok: PC-AWS-074
    enabled = false
  }
}
