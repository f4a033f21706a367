# With account-level EBS encryption by default on, devices that leave `encrypted` unset are
# encrypted by AWS; an explicit `encrypted = false` still FAILs.

# ok: PC-AWS-072
resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
}

# ok: PC-AWS-072
resource "aws_ebs_volume" "unset" {
  availability_zone = "eu-west-1a"
  size              = 10
}

# ok: PC-AWS-072
resource "aws_instance" "implicit_root" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
}

resource "aws_ebs_volume" "explicitly_plain" {
  availability_zone = "eu-west-1a"
  size              = 10
  # ruleid: PC-AWS-072
  encrypted = false
}

resource "aws_ebs_encryption_by_default" "off_in_other_region" {
  provider = aws.secondary
  # ruleid: PC-AWS-072
  enabled = false
}
