resource "aws_iam_user" "ci" {
  name = "ci"
}

# ruleid: PC-AWS-062
resource "aws_iam_access_key" "ci" {
  user    = aws_iam_user.ci.name
  pgp_key = "keybase:ci"
}

# ok: PC-AWS-062
resource "aws_iam_access_key" "disabled" {
  count = 0
  user  = aws_iam_user.ci.name
}

# ok: PC-AWS-062
resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = "{}"
}
