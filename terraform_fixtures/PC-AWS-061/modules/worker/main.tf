data "aws_iam_policy_document" "kms" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "kms" {
  name = "kms"
  # ruleid: PC-AWS-061
  policy = data.aws_iam_policy_document.kms.json
}
