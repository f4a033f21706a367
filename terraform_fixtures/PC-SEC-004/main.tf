variable "reporting_url" {
  type = string
  # ruleid: PC-SEC-004
  default = "postgres://reports@db.shop.internal/reports"
}

resource "aws_ssm_parameter" "database_url" {
  name = "/shop/database-url"
  type = "SecureString"
  # ruleid: PC-SEC-004
  value = "postgres://app:Winter2024!prod@db.shop.internal:5432/shop?sslmode=disable"
}

# ok: PC-SEC-004
resource "aws_ssm_parameter" "tls_url" {
  name  = "/shop/tls-url"
  type  = "SecureString"
  value = "postgresql://app@db.shop.internal:5432/shop?sslmode=require"
}

# A value that comes from a variable is judged at the variable's default, not here.
# ok: PC-SEC-004
resource "aws_ssm_parameter" "from_variable" {
  name  = "/shop/reporting-url"
  type  = "String"
  value = var.reporting_url
}

resource "aws_ecs_task_definition" "api" {
  family = "api"
  # ruleid: PC-SEC-004
  container_definitions = jsonencode([{
    name  = "api"
    image = "registry.example.com/shop/api:1.8.2"
    environment = [
      { name = "DATABASE_URL", value = "mysql://app@orders.shop.internal:3306/orders" },
    ]
  }])
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = "arn:aws:iam::123456789012:role/report"
  handler       = "main.handler"
  runtime       = "python3.12"
  filename      = "report.zip"
  environment {
    variables = {
      # ok: PC-SEC-004
      DB_URL = "mysql://report@orders.shop.internal/orders?ssl-mode=VERIFY_IDENTITY"
    }
  }
}
