variable "public" {
  type = bool
}

variable "private" {
  type    = bool
  default = false
}

resource "aws_subnet" "public" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.1.0/24"
  # ruleid: PC-AWS-011
  map_public_ip_on_launch = true
}

# ok: PC-AWS-011
resource "aws_subnet" "default_off" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.2.0/24"
}

resource "aws_subnet" "from_default" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.3.0/24"
  # ok: PC-AWS-011
  map_public_ip_on_launch = var.private
}

resource "aws_subnet" "from_variable" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.4.0/24"
  # unknown: PC-AWS-011
  map_public_ip_on_launch = var.public
}

resource "aws_default_subnet" "az_a" {
  availability_zone = "eu-west-1a"
  # ruleid: PC-AWS-011
  map_public_ip_on_launch = "true"
}

resource "aws_subnet" "disabled" {
  count      = 0
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.0.5.0/24"
  # ok: PC-AWS-011
  map_public_ip_on_launch = true
}
