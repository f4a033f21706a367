resource "aws_security_group" "redis" {
  name = "redis"

  ingress {
    from_port   = 6379
    to_port     = 6379
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_elasticache_replication_group" "redis" {
  replication_group_id = "redis"
  description          = "redis"
  # ruleid: PC-AWS-021
  security_group_ids = [aws_security_group.redis.id]
}
