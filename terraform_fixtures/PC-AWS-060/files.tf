# Policy documents kept in files of the scanned directory are read and judged.

resource "aws_iam_policy" "admin_from_file" {
  name = "admin-file"
  # ruleid: PC-AWS-060
  policy = file("${path.module}/policies/admin.json")
}

resource "aws_iam_role_policy" "admin_from_decoded_file" {
  name = "admin-decoded"
  role = "app"
  # ruleid: PC-AWS-060
  policy = jsonencode(jsondecode(file("policies/admin.json")))
}

resource "aws_iam_policy" "read_from_template" {
  name = "read-template"
  # ok: PC-AWS-060
  policy = templatefile("${path.module}/policies/read.json.tftpl", {
    actions    = ["s3:GetObject", "s3:ListBucket"]
    bucket_arn = "arn:aws:s3:::reports"
  })
}

resource "aws_iam_policy" "admin_from_template" {
  name = "admin-template"
  # ruleid: PC-AWS-060
  policy = templatefile("${path.module}/policies/read.json.tftpl", {
    actions    = ["*"]
    bucket_arn = "*"
  })
}

resource "aws_iam_policy" "outside_the_scan" {
  name = "outside"
  # unknown: PC-AWS-060
  policy = file("${path.module}/../../README.md")
}
