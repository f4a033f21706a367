# The read-only IAM policy of `policycheck audit aws`: what it calls, nothing else (no `*`
# action, no write), for the IRSA role (..) and each member account's role (../member-account).
# Hand-written from the collectors' read-only calls for now; it is meant to be exactly
# `policycheck audit aws --print-iam-policy` (a test compares them). A jsonencode() literal rather
# than file("audit-policy.json") so that policycheck's own PC-AWS-060/061 judge it.
locals {
  audit_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "PolicycheckAuditReadOnly"
        Effect   = "Allow"
        Resource = "*"
        Action = [
          "acm:DescribeCertificate",
          "acm:ListCertificates",
          "apigateway:GET",
          "backup:ListBackupVaults",
          "cloudfront:ListDistributions",
          "cloudtrail:DescribeTrails",
          "cloudtrail:GetTrailStatus",
          "dynamodb:DescribeContinuousBackups",
          "dynamodb:DescribeTable",
          "dynamodb:ListTables",
          "ec2:DescribeFlowLogs",
          "ec2:DescribeInstances",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:DescribeLaunchTemplates",
          "ec2:DescribeRegions",
          "ec2:DescribeSecurityGroupRules",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSubnets",
          "ec2:DescribeVolumes",
          "ec2:DescribeVpcs",
          "ec2:GetEbsEncryptionByDefault",
          "ecs:DescribeTaskDefinition",
          "ecs:ListTaskDefinitionFamilies",
          "eks:DescribeCluster",
          "eks:ListClusters",
          "elasticache:DescribeCacheClusters",
          "elasticache:DescribeReplicationGroups",
          "elasticfilesystem:DescribeFileSystems",
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeLoadBalancerAttributes",
          "elasticloadbalancing:DescribeLoadBalancers",
          "elasticloadbalancing:DescribeTags",
          "elasticloadbalancing:DescribeTargetGroups",
          "es:DescribeDomains",
          "es:ListDomainNames",
          "iam:GetAccountAuthorizationDetails",
          "iam:ListAccessKeys",
          "iam:ListUsers",
          "kms:DescribeKey",
          "kms:GetKeyRotationStatus",
          "kms:ListKeys",
          "logs:DescribeLogGroups",
          "rds:DescribeDBClusterParameterGroups",
          "rds:DescribeDBClusterParameters",
          "rds:DescribeDBClusters",
          "rds:DescribeDBInstances",
          "rds:DescribeDBParameterGroups",
          "rds:DescribeDBParameters",
          "redshift:DescribeClusters",
          "s3:GetAccountPublicAccessBlock",
          "s3:GetBucketLocation",
          "s3:GetBucketPolicy",
          "s3:GetBucketPublicAccessBlock",
          "s3:GetEncryptionConfiguration",
          "s3:GetLifecycleConfiguration",
          "s3:ListAllMyBuckets",
          "secretsmanager:ListSecrets",
          "sns:GetTopicAttributes",
          "sns:ListTopics",
          "sqs:GetQueueAttributes",
          "sqs:ListQueues",
          "wafv2:GetWebACL",
          "wafv2:ListResourcesForWebACL",
          "wafv2:ListWebACLs",
        ]
      },
    ]
  }
}

output "json" {
  description = "The policy document as JSON"
  value       = jsonencode(local.audit_policy)
}

variable "role" {
  description = "Name of the IAM role the policy is attached to"
  type        = string
}

variable "tags" {
  description = "Tags of the policy"
  type        = map(string)
  default     = {}
}

resource "aws_iam_policy" "this" {
  name        = "policycheck-audit-read-only"
  description = "The read-only calls of policycheck audit aws (policycheck audit aws --print-iam-policy)"
  policy      = jsonencode(local.audit_policy)
  tags        = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  role       = var.role
  policy_arn = aws_iam_policy.this.arn
}

output "arn" {
  description = "ARN of the policy"
  value       = aws_iam_policy.this.arn
}
