variable "internal" {
  type = bool
}

# ok: PC-AWS-050
resource "aws_lb" "protected" {
  name               = "protected"
  load_balancer_type = "application"
}

resource "aws_wafv2_web_acl_association" "protected" {
  resource_arn = aws_lb.protected.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/main/abc"
}

# ruleid: PC-AWS-050
resource "aws_lb" "unprotected" {
  name     = "unprotected"
  internal = false
}

# ok: PC-AWS-050
resource "aws_lb" "internal" {
  name     = "internal"
  internal = true
}

# ok: PC-AWS-050
resource "aws_lb" "network" {
  name               = "network"
  load_balancer_type = "network"
}

# unknown: PC-AWS-050
resource "aws_alb" "maybe_internal" {
  name     = "maybe"
  internal = var.internal
}

resource "aws_api_gateway_rest_api" "public" {
  name = "public"
}

resource "aws_api_gateway_rest_api" "private" {
  name = "private"

  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

# ruleid: PC-AWS-050
resource "aws_api_gateway_stage" "public" {
  rest_api_id   = aws_api_gateway_rest_api.public.id
  deployment_id = "abc123"
  stage_name    = "prod"
}

# ok: PC-AWS-050
resource "aws_api_gateway_stage" "protected" {
  rest_api_id   = aws_api_gateway_rest_api.public.id
  deployment_id = "abc123"
  stage_name    = "live"
}

resource "aws_wafv2_web_acl_association" "stage" {
  resource_arn = aws_api_gateway_stage.protected.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/main/abc"
}

# ok: PC-AWS-050
resource "aws_api_gateway_stage" "private" {
  rest_api_id   = aws_api_gateway_rest_api.private.id
  deployment_id = "abc123"
  stage_name    = "prod"
}

# ruleid: PC-AWS-050
resource "aws_apigatewayv2_stage" "http" {
  api_id = "a1b2c3"
  name   = "prod"
}

# ok: PC-AWS-050
resource "aws_lb" "disabled" {
  count = 0
  name  = "disabled"
}
