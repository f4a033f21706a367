variable "definitions_unset" {
  type = string
}

resource "aws_ecs_task_definition" "checked" {
  family = "checked"
  # ok: PC-AWS-101
  container_definitions = jsonencode([{
    name      = "app"
    image     = "app:1.4.2"
    essential = true
    healthCheck = {
      command  = ["CMD-SHELL", "curl -fsS http://localhost:8080/health || exit 1"]
      interval = 30
    }
  }])
}

# essential defaults to true.
resource "aws_ecs_task_definition" "unchecked_default_essential" {
  family = "unchecked"
  # ruleid: PC-AWS-101
  container_definitions = jsonencode([{ name = "app", image = "app:1.4.2" }])
}

# JSON string: the essential app has no health check; the log router is not essential.
resource "aws_ecs_task_definition" "json_string" {
  family = "json-string"
  # ruleid: PC-AWS-101
  container_definitions = <<DEFINITIONS
[
  {"name": "app", "image": "app:1.4.2", "essential": true},
  {"name": "log-router", "image": "fluent-bit:3.0", "essential": false}
]
DEFINITIONS
}

# ok: PC-AWS-101
resource "aws_ecs_task_definition" "only_non_essential" {
  family                = "sidecars"
  container_definitions = jsonencode([{ name = "init", image = "init:1.0", essential = false }])
}

resource "aws_ecs_task_definition" "definitions_unknown" {
  family = "unknown"
  # unknown: PC-AWS-101
  container_definitions = var.definitions_unset
}

resource "aws_ecs_task_definition" "never_created" {
  count  = 0
  family = "never"
  # ok: PC-AWS-101
  container_definitions = jsonencode([{ name = "app", image = "app:1.4.2" }])
}
