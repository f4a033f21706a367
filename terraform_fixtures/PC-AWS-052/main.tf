variable "burst" {
  type = number
}

resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_api_gateway_rest_api" "admin" {
  name = "admin"
}

# ok: PC-AWS-052
resource "aws_api_gateway_stage" "throttled" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = "abc123"
  stage_name    = "prod"
}

resource "aws_api_gateway_method_settings" "throttled" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.throttled.stage_name
  method_path = "*/*"

  settings {
    throttling_rate_limit  = 100
    throttling_burst_limit = 50
  }
}

# ruleid: PC-AWS-052
resource "aws_api_gateway_stage" "logging_only" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = "abc123"
  stage_name    = "staging"
}

resource "aws_api_gateway_method_settings" "logging_only" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.logging_only.stage_name
  method_path = "*/*"

  settings {
    logging_level         = "INFO"
    throttling_rate_limit = -1
  }
}

# ruleid: PC-AWS-052
resource "aws_api_gateway_stage" "other_api" {
  rest_api_id   = aws_api_gateway_rest_api.admin.id
  deployment_id = "abc123"
  stage_name    = "prod"
}

# unknown: PC-AWS-052
resource "aws_api_gateway_stage" "burst_from_variable" {
  rest_api_id   = aws_api_gateway_rest_api.admin.id
  deployment_id = "abc123"
  stage_name    = "beta"
}

resource "aws_api_gateway_method_settings" "burst_from_variable" {
  rest_api_id = aws_api_gateway_rest_api.admin.id
  stage_name  = aws_api_gateway_stage.burst_from_variable.stage_name
  method_path = "*/*"

  settings {
    throttling_burst_limit = var.burst
  }
}

resource "aws_apigatewayv2_stage" "throttled" {
  api_id = "a1b2c3"
  name   = "prod"

  # ok: PC-AWS-052
  default_route_settings {
    throttling_rate_limit  = 100
    throttling_burst_limit = 50
  }
}

# ruleid: PC-AWS-052
resource "aws_apigatewayv2_stage" "unthrottled" {
  api_id      = "a1b2c3"
  name        = "dev"
  auto_deploy = true
}

resource "aws_apigatewayv2_stage" "detailed_metrics_only" {
  api_id = "a1b2c3"
  name   = "test"

  # ruleid: PC-AWS-052
  default_route_settings {
    detailed_metrics_enabled = true
  }
}
