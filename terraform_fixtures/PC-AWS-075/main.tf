variable "queue_key" {
  type    = string
  default = "alias/aws/sqs"
}

variable "topic_key_unset" {
  type = string
}

# ok: PC-AWS-075
resource "aws_sqs_queue" "kms" {
  name              = "kms"
  kms_master_key_id = var.queue_key
}

resource "aws_sqs_queue" "sqs_managed" {
  name = "sqs-managed"
  # ok: PC-AWS-075
  sqs_managed_sse_enabled = true
}

# Relies on the SQS default: not explicit.
# ruleid: PC-AWS-075
resource "aws_sqs_queue" "unset" {
  name = "unset"
}

resource "aws_sqs_queue" "sse_off" {
  name = "sse-off"
  # ruleid: PC-AWS-075
  sqs_managed_sse_enabled = false
}

# ok: PC-AWS-075
resource "aws_sns_topic" "kms" {
  name              = "kms"
  kms_master_key_id = "alias/aws/sns"
}

# ruleid: PC-AWS-075
resource "aws_sns_topic" "plain" {
  name = "plain"
}

resource "aws_sns_topic" "from_unset_variable" {
  name = "unknown"
  # unknown: PC-AWS-075
  kms_master_key_id = var.topic_key_unset
}

resource "aws_sns_topic" "never_created" {
  # ok: PC-AWS-075
  count = 0
  name  = "never"
}
