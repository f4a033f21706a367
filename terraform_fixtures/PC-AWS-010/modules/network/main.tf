# ok: PC-AWS-010
resource "aws_vpc" "this" {
  cidr_block = "10.3.0.0/16"
}

resource "aws_flow_log" "this" {
  vpc_id               = aws_vpc.this.id
  traffic_type         = "REJECT"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs"
}

# ruleid: PC-AWS-010
resource "aws_default_vpc" "default" {}
