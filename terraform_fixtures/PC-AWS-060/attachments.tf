# Attaching the AWS-managed AdministratorAccess policy, in any partition.

variable "managed_arn" {
  type = string
}

data "aws_iam_policy" "administrator" {
  name = "AdministratorAccess"
}

data "aws_iam_policy" "read_only" {
  arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "admin" {
  role = "app"
  # ruleid: PC-AWS-060
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_user_policy_attachment" "admin_china" {
  user = "ops"
  # ruleid: PC-AWS-060
  policy_arn = "arn:aws-cn:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_group_policy_attachment" "admin_govcloud" {
  group = "ops"
  # ruleid: PC-AWS-060
  policy_arn = "arn:aws-us-gov:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_policy_attachment" "admin_by_data_source" {
  name  = "admins"
  roles = ["app"]
  # ruleid: PC-AWS-060
  policy_arn = data.aws_iam_policy.administrator.arn
}

resource "aws_iam_role_policy_attachment" "read_only_by_data_source" {
  role = "app"
  # ok: PC-AWS-060
  policy_arn = data.aws_iam_policy.read_only.arn
}

resource "aws_iam_role_policy_attachment" "read_only" {
  role = "app"
  # ok: PC-AWS-060
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "customer_managed" {
  role = "app"
  # ok: PC-AWS-060
  policy_arn = aws_iam_policy.scoped.arn
}

resource "aws_iam_role_policy_attachment" "from_variable" {
  role = "app"
  # unknown: PC-AWS-060
  policy_arn = var.managed_arn
}

# A customer-managed policy that happens to be called AdministratorAccess is judged by its document.
resource "aws_iam_role_policy_attachment" "customer_named_admin" {
  role = "app"
  # ok: PC-AWS-060
  policy_arn = "arn:aws:iam::123456789012:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachments_exclusive" "exclusive" {
  role_name = "app"
  # ruleid: PC-AWS-060
  policy_arns = [
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AdministratorAccess",
  ]
}

resource "aws_iam_role" "managed_admin" {
  name               = "managed-admin"
  assume_role_policy = "{}"
  # ruleid: PC-AWS-060
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "managed_read_only" {
  name               = "managed-read-only"
  assume_role_policy = "{}"
  # ok: PC-AWS-060
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
}
