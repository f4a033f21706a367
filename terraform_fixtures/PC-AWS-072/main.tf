variable "encrypted" {
  type    = bool
  default = true
}

variable "encrypted_unset" {
  type = bool
}

resource "aws_ebs_volume" "encrypted" {
  availability_zone = "eu-west-1a"
  size              = 10
  # ok: PC-AWS-072
  encrypted = true
}

# ruleid: PC-AWS-072
resource "aws_ebs_volume" "unset" {
  availability_zone = "eu-west-1a"
  size              = 10
}

resource "aws_ebs_volume" "from_variable_default" {
  availability_zone = "eu-west-1a"
  size              = 10
  # ok: PC-AWS-072
  encrypted = var.encrypted
}

resource "aws_ebs_volume" "from_unset_variable" {
  availability_zone = "eu-west-1a"
  size              = 10
  # unknown: PC-AWS-072
  encrypted = var.encrypted_unset
}

resource "aws_ebs_volume" "never_created" {
  count             = 0
  availability_zone = "eu-west-1a"
  size              = 10
  # ok: PC-AWS-072
  encrypted = false
}

resource "aws_instance" "encrypted" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"

  root_block_device {
    # ok: PC-AWS-072
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    # ok: PC-AWS-072
    encrypted = true
  }
}

resource "aws_instance" "data_device_plain" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"

  root_block_device {
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    # ruleid: PC-AWS-072
    encrypted = false
  }
}

# No root_block_device: the AMI's root volume, not explicitly encrypted.
# ruleid: PC-AWS-072
resource "aws_instance" "implicit_root" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
}

resource "aws_instance" "root_without_flag" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"

  # ruleid: PC-AWS-072
  root_block_device {
    volume_size = 20
  }
}

resource "aws_launch_template" "encrypted" {
  name = "encrypted"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      # ok: PC-AWS-072
      encrypted = "true"
    }
  }
}

resource "aws_launch_template" "plain" {
  name = "plain"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      # ruleid: PC-AWS-072
      encrypted = "false"
    }
  }

  # Instance-store mappings have no EBS volume and are not judged.
  block_device_mappings {
    device_name  = "/dev/sdb"
    virtual_name = "ephemeral0"
  }
}

# ruleid: PC-AWS-072
resource "aws_launch_template" "ami_devices" {
  name          = "ami-devices"
  instance_type = "t3.micro"
}

resource "aws_launch_configuration" "encrypted" {
  image_id      = "ami-12345678"
  instance_type = "t3.micro"

  root_block_device {
    # ok: PC-AWS-072
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    # ok: PC-AWS-072
    encrypted = true
  }
}

resource "aws_launch_configuration" "data_device_plain" {
  image_id      = "ami-12345678"
  instance_type = "t3.micro"

  root_block_device {
    # ok: PC-AWS-072
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    # ruleid: PC-AWS-072
    encrypted = false
  }
}

# No root_block_device: the AMI's root volume, not explicitly encrypted.
# ruleid: PC-AWS-072
resource "aws_launch_configuration" "implicit_root" {
  image_id      = "ami-12345678"
  instance_type = "t3.micro"
}
