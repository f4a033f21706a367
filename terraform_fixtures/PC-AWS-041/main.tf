variable "transit_encryption" {
  type    = bool
  default = true
}

variable "transit_encryption_unset" {
  type = bool
}

resource "aws_elasticache_replication_group" "encrypted" {
  replication_group_id = "encrypted"
  description          = "encrypted in transit"
  # ok: PC-AWS-041
  transit_encryption_enabled = true
}

resource "aws_elasticache_replication_group" "plain" {
  replication_group_id = "plain"
  description          = "explicitly plain"
  # ruleid: PC-AWS-041
  transit_encryption_enabled = false
}

# ruleid: PC-AWS-041
resource "aws_elasticache_replication_group" "unset" {
  replication_group_id = "unset"
  description          = "provider default"
}

resource "aws_elasticache_replication_group" "from_variable_default" {
  replication_group_id = "from-variable"
  description          = "resolved from a default"
  # ok: PC-AWS-041
  transit_encryption_enabled = var.transit_encryption
}

resource "aws_elasticache_replication_group" "from_unset_variable" {
  replication_group_id = "from-unset-variable"
  description          = "no value"
  # unknown: PC-AWS-041
  transit_encryption_enabled = var.transit_encryption_unset
}

resource "aws_elasticache_replication_group" "never_created" {
  count                = 0
  replication_group_id = "never"
  description          = "count = 0"
  # ok: PC-AWS-041
  transit_encryption_enabled = false
}

# Single-node memcached/redis clusters are not judged by this policy.
# ok: PC-AWS-041
resource "aws_elasticache_cluster" "memcached" {
  cluster_id = "memcached"
  engine     = "memcached"
}
