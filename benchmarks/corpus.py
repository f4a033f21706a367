"""A deterministic synthetic monorepo for benchmarks: N services of ten files each.

Each service ``services/<name>/`` holds a Terraform root (``terraform/``: main.tf,
variables.tf, terraform.tfvars and a local module ``modules/store`` of three files called with
variables), Kubernetes manifests (``k8s/app.yaml``, ``k8s/edge.yaml``), a ``Dockerfile`` and a
``requirements.txt``. The resource mix varies per service (load balancer, queue, cache, table,
ECS task, secrets) and roughly a quarter of the choices are violations (open security groups,
unencrypted storage, ``latest`` images, root containers, unpinned requirements, ...).

The same seed always writes the same bytes, and service ``i`` does not depend on the corpus
size, so a 5,000-file corpus contains the 2,500-file one.

Run: ``python benchmarks/corpus.py OUT_DIR --files 5000 [--seed 0]``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

DOMAINS = ("orders", "billing", "search", "catalog", "users", "payments", "shipping", "ledger",
           "notify", "reports", "auth", "media", "pricing", "reviews", "inventory", "gateway")
PACKAGES = (("flask", "3.0.3"), ("requests", "2.32.3"), ("sqlalchemy", "2.0.31"),
            ("pydantic", "2.8.2"), ("boto3", "1.34.140"), ("gunicorn", "22.0.0"),
            ("celery", "5.4.0"), ("redis", "5.0.7"), ("psycopg2-binary", "2.9.9"),
            ("structlog", "24.2.0"), ("httpx", "0.27.0"), ("fastapi", "0.111.1"),
            ("uvicorn", "0.30.1"), ("tenacity", "8.5.0"), ("orjson", "3.10.6"),
            ("alembic", "1.13.2"), ("jinja2", "3.1.4"), ("click", "8.1.7"))
DEV_TOOLS = ("pytest", "black", "ipdb")


class Service:
    """The choices of one service, drawn from its own seeded generator."""

    def __init__(self, index: int, seed: int) -> None:
        rng = random.Random(f"policycheck-corpus-{seed}-{index}")
        self.rng = rng
        self.name = f"{DOMAINS[index % len(DOMAINS)]}-{index:04d}"
        self.port = rng.choice((8000, 8080, 9000))
        self.env = rng.choice(("prod", "prod", "staging"))
        self.octet = index % 250

    def bad(self, share: float = 0.25) -> bool:
        """Whether this choice is a violation (about ``share`` of them are)."""
        return self.rng.random() < share

    def has(self, share: float) -> bool:
        return self.rng.random() < share


def _security_group(svc: Service) -> str:
    source = '["0.0.0.0/0"]' if svc.bad(0.15) else '["10.0.0.0/8"]'
    ssh = ""
    if svc.bad(0.1):
        ssh = """
  ingress {
    description = "SSH for the on-call engineer"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
"""
    return f"""
resource "aws_security_group" "app" {{
  name        = "${{local.name}}-app"
  description = "Application tasks of {svc.name}"
  vpc_id      = aws_vpc.main.id

  ingress {{
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = {source}
  }}
{ssh}
  egress {{
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}

  tags = local.tags
}}

resource "aws_security_group" "db" {{
  name   = "${{local.name}}-db"
  vpc_id = aws_vpc.main.id
  tags   = local.tags
}}

resource "aws_security_group_rule" "db_from_app" {{
  type                     = "ingress"
  security_group_id        = aws_security_group.db.id
  from_port                = 5432
  to_port                  = 5432
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.app.id
}}
"""


def _network(svc: Service) -> str:
    flow_logs = "" if svc.bad(0.2) else """
resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "cloud-watch-logs"
  log_destination      = aws_cloudwatch_log_group.flow.arn
  iam_role_arn         = aws_iam_role.flow.arn
}

resource "aws_cloudwatch_log_group" "flow" {
  name              = "/vpc/${local.name}/flow"
  retention_in_days = 90
  kms_key_id        = aws_kms_key.main.arn
}

resource "aws_iam_role" "flow" {
  name               = "${local.name}-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.flow_assume.json
}

data "aws_iam_policy_document" "flow_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}
"""
    public_ip = "true" if svc.bad(0.15) else "false"
    return f"""
resource "aws_vpc" "main" {{
  cidr_block           = var.vpc_cidr
  enable_dns_hostnames = true
  tags                 = merge(local.tags, {{ Name = local.name }})
}}

resource "aws_subnet" "private" {{
  count                   = length(var.private_subnets)
  vpc_id                  = aws_vpc.main.id
  cidr_block              = var.private_subnets[count.index]
  availability_zone       = var.azs[count.index]
  map_public_ip_on_launch = {public_ip}
  tags                    = merge(local.tags, {{ Tier = "private" }})
}}
{flow_logs}"""


def _storage(svc: Service) -> str:
    encryption = "" if svc.bad(0.2) else """
resource "aws_s3_bucket_server_side_encryption_configuration" "assets" {
  bucket = aws_s3_bucket.assets.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.main.arn
    }
  }
}
"""
    block = "false" if svc.bad(0.15) else "true"
    rotation = "false" if svc.bad(0.2) else "true"
    retention = 0 if svc.bad(0.2) else svc.rng.choice((30, 90, 365))
    return f"""
resource "aws_kms_key" "main" {{
  description             = "Data key of {svc.name}"
  deletion_window_in_days = 30
  enable_key_rotation     = {rotation}
  tags                    = local.tags
}}

resource "aws_s3_bucket" "assets" {{
  bucket = "${{local.name}}-assets"
  tags   = local.tags
}}

resource "aws_s3_bucket_public_access_block" "assets" {{
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = {block}
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}

resource "aws_s3_bucket_versioning" "assets" {{
  bucket = aws_s3_bucket.assets.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}
{encryption}
resource "aws_cloudwatch_log_group" "app" {{
  name              = "/ecs/${{local.name}}"
  retention_in_days = {retention}
  kms_key_id        = aws_kms_key.main.arn
}}
"""


def _load_balancer(svc: Service) -> str:
    if svc.bad(0.2):
        listener = """
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.public.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
"""
    else:
        listener = """
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
"""
    logs = "false" if svc.bad(0.3) else "true"
    return f"""
resource "aws_lb" "public" {{
  name               = "${{local.name}}-public"
  load_balancer_type = "application"
  subnets            = aws_subnet.private[*].id
  security_groups    = [aws_security_group.app.id]
  drop_invalid_header_fields = true

  access_logs {{
    bucket  = aws_s3_bucket.assets.id
    prefix  = "alb"
    enabled = {logs}
  }}
}}

resource "aws_lb_target_group" "app" {{
  name        = "${{local.name}}-app"
  port        = {svc.port}
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.main.id

  health_check {{
    path     = "/healthz"
    protocol = "HTTP"
    matcher  = "200"
  }}
}}
{listener}"""


def _queue(svc: Service) -> str:
    encryption = "sqs_managed_sse_enabled = false" if svc.bad(0.2) else \
        "kms_master_key_id = aws_kms_key.main.id"
    return f"""
resource "aws_sqs_queue" "events" {{
  name                      = "${{local.name}}-events"
  message_retention_seconds = 345600
  {encryption}
  tags                      = local.tags
}}
"""


def _cache(svc: Service) -> str:
    transit = "false" if svc.bad(0.25) else "true"
    return f"""
resource "aws_elasticache_replication_group" "cache" {{
  replication_group_id       = "${{local.name}}-cache"
  description                = "Session cache of {svc.name}"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = {transit}
  security_group_ids         = [aws_security_group.db.id]
}}
"""


def _table(svc: Service) -> str:
    recovery = "false" if svc.bad(0.25) else "true"
    return f"""
resource "aws_dynamodb_table" "state" {{
  name         = "${{local.name}}-state"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {{
    name = "pk"
    type = "S"
  }}

  point_in_time_recovery {{
    enabled = {recovery}
  }}

  server_side_encryption {{
    enabled     = true
    kms_key_arn = aws_kms_key.main.arn
  }}
}}
"""


def _task(svc: Service) -> str:
    memory = "" if svc.bad(0.2) else "\n      memory    = 512"
    health = "" if svc.bad(0.2) else f"""
      healthCheck = {{
        command  = ["CMD-SHELL", "curl -fsS http://localhost:{svc.port}/healthz || exit 1"]
        interval = 30
        retries  = 3
      }}"""
    actions = '["*"]' if svc.bad(0.1) else '["sqs:SendMessage", "sqs:ReceiveMessage"]'
    return f"""
resource "aws_ecs_task_definition" "app" {{
  family                   = local.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.task.arn

  container_definitions = jsonencode([
    {{
      name      = "app"
      image     = "${{var.image_repository}}:${{var.image_tag}}"
      essential = true{memory}
      portMappings = [{{ containerPort = {svc.port}, protocol = "tcp" }}]{health}
      logConfiguration = {{
        logDriver = "awslogs"
        options = {{
          awslogs-group         = aws_cloudwatch_log_group.app.name
          awslogs-region        = var.region
          awslogs-stream-prefix = "app"
        }}
      }}
    }}
  ])
}}

resource "aws_iam_role" "task" {{
  name = "${{local.name}}-task"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = {{ Service = "ecs-tasks.amazonaws.com" }}
    }}]
  }})
}}

resource "aws_iam_role_policy" "task" {{
  name = "${{local.name}}-task"
  role = aws_iam_role.task.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect   = "Allow"
      Action   = {actions}
      Resource = "*"
    }}]
  }})
}}
"""


def _secret(svc: Service) -> str:
    rotation = "" if svc.bad(0.3) else """
resource "aws_secretsmanager_secret_rotation" "api_key" {
  secret_id           = aws_secretsmanager_secret.api_key.id
  rotation_lambda_arn = var.rotation_lambda_arn

  rotation_rules {
    automatically_after_days = 30
  }
}
"""
    return f"""
resource "aws_secretsmanager_secret" "api_key" {{
  name       = "${{local.name}}/api-key"
  kms_key_id = aws_kms_key.main.arn
}}
{rotation}"""


OPTIONAL: tuple[tuple[float, Callable[[Service], str]], ...] = (
    (0.6, _load_balancer), (0.5, _queue), (0.3, _cache), (0.4, _table), (0.7, _task),
    (0.4, _secret),
)


def main_tf(svc: Service) -> str:
    parts = ["""terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

locals {
  name = "${var.service}-${var.environment}"
  tags = merge(var.tags, {
    Service     = var.service
    Environment = var.environment
  })
}
""", _network(svc), _security_group(svc), _storage(svc)]
    parts.extend(make(svc) for share, make in OPTIONAL if svc.has(share))
    parts.append("""
module "store" {
  source                = "./modules/store"
  name                  = local.name
  engine                = var.db_engine
  instance_class        = var.db_instance_class
  subnet_ids            = aws_subnet.private[*].id
  security_group_ids    = [aws_security_group.db.id]
  encrypted             = var.encrypt_storage
  kms_key_arn           = aws_kms_key.main.arn
  backup_retention_days = var.backup_retention_days
  multi_az              = var.environment == "prod"
  tags                  = local.tags
}

output "database_endpoint" {
  value = module.store.endpoint
}
""")
    return "".join(parts)


def variables_tf(svc: Service) -> str:
    variables = (
        ("service", "string", f'"{svc.name}"'), ("environment", "string", '"staging"'),
        ("region", "string", '"eu-west-1"'), ("vpc_cidr", "string", '"10.0.0.0/16"'),
        ("private_subnets", "list(string)", "[]"), ("azs", "list(string)", '["eu-west-1a", "eu-west-1b"]'),
        ("db_engine", "string", '"postgres"'), ("db_instance_class", "string", '"db.t4g.medium"'),
        ("encrypt_storage", "bool", "true"), ("backup_retention_days", "number", "7"),
        ("certificate_arn", "string", '""'), ("image_repository", "string", '""'),
        ("image_tag", "string", '"latest"'), ("rotation_lambda_arn", "string", '""'),
        ("tags", "map(string)", "{}"),
    )
    return "".join(
        f'variable "{name}" {{\n  description = "{name.replace("_", " ").capitalize()}"\n'
        f"  type        = {kind}\n  default     = {default}\n}}\n\n"
        for name, kind, default in variables
    )


def tfvars(svc: Service) -> str:
    encrypted = "false" if svc.bad(0.15) else "true"
    backups = 1 if svc.bad(0.2) else 14
    return f"""environment           = "{svc.env}"
region                = "eu-west-1"
vpc_cidr              = "10.{svc.octet}.0.0/16"
private_subnets       = ["10.{svc.octet}.1.0/24", "10.{svc.octet}.2.0/24"]
encrypt_storage       = {encrypted}
backup_retention_days = {backups}
certificate_arn       = "arn:aws:acm:eu-west-1:123456789012:certificate/{svc.name}"
image_repository      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/{svc.name}"
image_tag             = "1.{svc.octet}.0"
tags = {{
  Team = "{svc.name.split("-")[0]}"
}}
"""


def module_main(svc: Service) -> str:
    credentials = 'password = "Sup3r-Secret-Passw0rd-42"' if svc.bad(0.1) else \
        "manage_master_user_password = true"
    protection = "false" if svc.bad(0.2) else "true"
    return f"""resource "aws_db_subnet_group" "this" {{
  name       = var.name
  subnet_ids = var.subnet_ids
  tags       = var.tags
}}

resource "aws_db_parameter_group" "this" {{
  name   = var.name
  family = "postgres16"

  parameter {{
    name  = "rds.force_ssl"
    value = "1"
  }}
}}

resource "aws_db_instance" "this" {{
  identifier                          = var.name
  engine                              = var.engine
  engine_version                      = "16.3"
  instance_class                      = var.instance_class
  allocated_storage                   = 50
  max_allocated_storage               = 200
  storage_encrypted                   = var.encrypted
  kms_key_id                          = var.kms_key_arn
  username                            = "app"
  {credentials}
  db_subnet_group_name                = aws_db_subnet_group.this.name
  parameter_group_name                = aws_db_parameter_group.this.name
  vpc_security_group_ids              = var.security_group_ids
  backup_retention_period             = var.backup_retention_days
  multi_az                            = var.multi_az
  deletion_protection                 = {protection}
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "${{var.name}}-final"
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql", "upgrade"]
  monitoring_interval                 = 60
  publicly_accessible                 = false
  tags                                = var.tags
}}
"""


def module_variables(svc: Service) -> str:
    names = (("name", "string"), ("engine", "string"), ("instance_class", "string"),
             ("subnet_ids", "list(string)"), ("security_group_ids", "list(string)"),
             ("encrypted", "bool"), ("kms_key_arn", "string"), ("backup_retention_days", "number"),
             ("multi_az", "bool"), ("tags", "map(string)"))
    return "".join(f'variable "{name}" {{\n  type = {kind}\n}}\n\n' for name, kind in names)


def module_outputs(svc: Service) -> str:
    return """output "endpoint" {
  value = aws_db_instance.this.endpoint
}

output "arn" {
  value = aws_db_instance.this.arn
}
"""


def app_yaml(svc: Service) -> str:
    tag = "latest" if svc.bad(0.15) else f"1.{svc.octet}.0"
    resources = "" if svc.bad(0.2) else """
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              memory: 512Mi"""
    probes = "" if svc.bad(0.2) else f"""
          readinessProbe:
            httpGet:
              path: /healthz
              port: {svc.port}
            periodSeconds: 10
          livenessProbe:
            httpGet:
              path: /healthz
              port: {svc.port}
            initialDelaySeconds: 15"""
    security = """
          securityContext:
            privileged: true""" if svc.bad(0.1) else """
          securityContext:
            runAsNonRoot: true
            runAsUser: 10001
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]"""
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {svc.name}
  namespace: {svc.name}
  labels:
    app: {svc.name}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: {svc.name}
  template:
    metadata:
      labels:
        app: {svc.name}
    spec:
      automountServiceAccountToken: false
      containers:
        - name: app
          image: registry.example.com/{svc.name}:{tag}
          ports:
            - containerPort: {svc.port}
          env:
            - name: LOG_LEVEL
              value: info
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: {svc.name}-db
                  key: url{resources}{probes}{security}
---
apiVersion: v1
kind: Service
metadata:
  name: {svc.name}
  namespace: {svc.name}
spec:
  type: ClusterIP
  selector:
    app: {svc.name}
  ports:
    - port: 80
      targetPort: {svc.port}
"""


def edge_yaml(svc: Service) -> str:
    tls = "" if svc.bad(0.2) else f"""
  tls:
    - hosts: ["{svc.name}.example.com"]
      secretName: {svc.name}-tls"""
    budget = "" if svc.bad(0.25) else f"""---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {svc.name}
  namespace: {svc.name}
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: {svc.name}
"""
    return f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {svc.name}
  namespace: {svc.name}
  annotations:
    nginx.ingress.kubernetes.io/limit-rps: "50"
spec:
  ingressClassName: nginx{tls}
  rules:
    - host: {svc.name}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {svc.name}
                port:
                  number: 80
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: {svc.name}
spec:
  podSelector: {{}}
  policyTypes: ["Ingress", "Egress"]
{budget}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {svc.name}-config
  namespace: {svc.name}
data:
  LOG_FORMAT: json
  WORKERS: "4"
"""


def dockerfile(svc: Service) -> str:
    base = "python:3.12" if svc.bad(0.2) else \
        "python:3.12-slim@sha256:2be8daddbb82756f7d1f2c7ece706aadcb284bf6ab6d769ea695cc3ed6016743"
    user = "" if svc.bad(0.2) else "USER 10001\n"
    health = "" if svc.bad(0.25) else \
        f'HEALTHCHECK --interval=30s CMD curl -fsS http://localhost:{svc.port}/healthz || exit 1\n'
    return f"""# syntax=docker/dockerfile:1
FROM {base} AS build
WORKDIR /src
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM {base}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
COPY . .
EXPOSE {svc.port}
{user}{health}CMD ["gunicorn", "--bind", "0.0.0.0:{svc.port}", "app:create_app()"]
"""


def requirements_txt(svc: Service) -> str:
    chosen = svc.rng.sample(PACKAGES, svc.rng.randint(6, 14))
    lines = [f"{name}>={version}" if svc.bad(0.1) else f"{name}=={version}" for name, version in chosen]
    if svc.bad(0.1):
        lines.append(svc.rng.choice(DEV_TOOLS))
    return "\n".join(sorted(lines)) + "\n"


LAYOUT: tuple[tuple[str, Callable[[Service], str]], ...] = (
    ("terraform/main.tf", main_tf),
    ("terraform/variables.tf", variables_tf),
    ("terraform/terraform.tfvars", tfvars),
    ("terraform/modules/store/main.tf", module_main),
    ("terraform/modules/store/variables.tf", module_variables),
    ("terraform/modules/store/outputs.tf", module_outputs),
    ("k8s/app.yaml", app_yaml),
    ("k8s/edge.yaml", edge_yaml),
    ("Dockerfile", dockerfile),
    ("requirements.txt", requirements_txt),
)
FILES_PER_SERVICE = len(LAYOUT)


def generate(root: Path, files: int, seed: int = 0) -> int:
    """Write ``files`` files (rounded down to whole services, at least one) under ``root``;
    returns the number written."""
    services = max(files // FILES_PER_SERVICE, 1)
    for index in range(services):
        svc = Service(index, seed)
        base = root / "services" / svc.name
        for relative, render in LAYOUT:
            path = base / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(svc), encoding="utf-8")
    return services * FILES_PER_SERVICE


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to write (created if missing)")
    parser.add_argument("--files", type=int, default=500, help="number of files (default 500)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    written = generate(args.out, args.files, args.seed)
    print(f"wrote {written} files under {args.out}")


if __name__ == "__main__":
    main()
