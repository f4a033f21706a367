variable "rules" {
  type = list(any)
}

# ok: PC-AWS-051
resource "aws_wafv2_web_acl" "limited" {
  name  = "limited"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "managed"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "managed"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "rate"
    priority = 2
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit              = 2000
        aggregate_key_type = "IP"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "rate"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "limited"
    sampled_requests_enabled   = true
  }
}

# ruleid: PC-AWS-051
resource "aws_wafv2_web_acl" "unlimited" {
  name  = "unlimited"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "managed"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "managed"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "unlimited"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_rule_group" "rate" {
  name     = "rate"
  scope    = "REGIONAL"
  capacity = 10

  rule {
    name     = "rate"
    priority = 1
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit = 1000
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "rate"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "rate-group"
    sampled_requests_enabled   = true
  }
}

# ok: PC-AWS-051
resource "aws_wafv2_web_acl" "via_group" {
  name  = "via-group"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "group"
    priority = 1
    override_action {
      none {}
    }
    statement {
      rule_group_reference_statement {
        arn = aws_wafv2_rule_group.rate.arn
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "group"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "via-group"
    sampled_requests_enabled   = true
  }
}

# ok: PC-AWS-051
resource "aws_wafv2_web_acl" "json_rules" {
  name  = "json"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule_json = jsonencode([{
    Name     = "rate"
    Priority = 1
    Action   = { Block = {} }
    Statement = {
      RateBasedStatement = { Limit = 500, AggregateKeyType = "IP" }
    }
    VisibilityConfig = {
      CloudwatchMetricsEnabled = true
      MetricName               = "rate"
      SampledRequestsEnabled   = true
    }
  }])

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "json"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl" "rules_from_variable" {
  name  = "variable"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  # unknown: PC-AWS-051
  rule_json = jsonencode(var.rules)

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "variable"
    sampled_requests_enabled   = true
  }
}
