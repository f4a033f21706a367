variable "container_memory_unset" {
  type = number
}

# Fargate-style: task-level memory covers every container.
# ok: PC-AWS-100
resource "aws_ecs_task_definition" "task_memory" {
  family                   = "task-memory"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  container_definitions    = jsonencode([{ name = "app", image = "app:1.4.2" }])
}

resource "aws_ecs_task_definition" "container_limits" {
  family = "container-limits"
  # ok: PC-AWS-100
  container_definitions = jsonencode([
    { name = "app", image = "app:1.4.2", memory = 256 },
    { name = "proxy", image = "envoy:1.30", memory = 128 },
  ])
}

# JSON string; the proxy only has a soft limit.
resource "aws_ecs_task_definition" "soft_limit_only" {
  family = "soft-limit-only"
  # ruleid: PC-AWS-100
  container_definitions = <<DEFINITIONS
[
  {"name": "app", "image": "app:1.4.2", "memory": 256},
  {"name": "proxy", "image": "envoy:1.30", "memoryReservation": 64}
]
DEFINITIONS
}

resource "aws_ecs_task_definition" "no_limits" {
  family = "no-limits"
  # ruleid: PC-AWS-100
  container_definitions = jsonencode([{ name = "app", image = "app:1.4.2" }])
}

resource "aws_ecs_task_definition" "limit_unknown" {
  family = "limit-unknown"
  # unknown: PC-AWS-100
  container_definitions = jsonencode([
    { name = "app", image = "app:1.4.2", memory = var.container_memory_unset },
  ])
}

resource "aws_ecs_task_definition" "never_created" {
  count  = 0
  family = "never"
  # ok: PC-AWS-100
  container_definitions = jsonencode([{ name = "app", image = "app:1.4.2" }])
}
