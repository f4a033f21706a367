variable "pitr_unset" {
  type = bool
}

resource "aws_dynamodb_table" "recoverable" {
  name     = "recoverable"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    # ok: PC-AWS-083
    enabled = true
  }
}

# ruleid: PC-AWS-083
resource "aws_dynamodb_table" "no_block" {
  name     = "no-block"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "disabled" {
  name     = "disabled"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    # ruleid: PC-AWS-083
    enabled = false
  }
}

resource "aws_dynamodb_table" "from_unset_variable" {
  name     = "unknown"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    # unknown: PC-AWS-083
    enabled = var.pitr_unset
  }
}

# ok: PC-AWS-083
resource "aws_dynamodb_table" "never_created" {
  count    = 0
  name     = "never"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }
}
