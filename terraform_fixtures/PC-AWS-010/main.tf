variable "logged_vpc_id" {
  type = string
}

# ok: PC-AWS-010
resource "aws_vpc" "logged" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "logged" {
  vpc_id               = aws_vpc.logged.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs"
}

# ruleid: PC-AWS-010
resource "aws_vpc" "unlogged" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_subnet" "unlogged" {
  vpc_id     = aws_vpc.unlogged.id
  cidr_block = "10.1.1.0/24"
}

resource "aws_flow_log" "subnet_only" {
  subnet_id            = aws_subnet.unlogged.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs"
}

# ok: PC-AWS-010
resource "aws_vpc" "disabled" {
  count      = 0
  cidr_block = "10.2.0.0/16"
}

module "network" {
  source = "./modules/network"
}
