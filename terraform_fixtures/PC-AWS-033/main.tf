variable "certificate_arn" {
  type = string
}

resource "aws_lb" "web" {
  name = "web"
}

resource "aws_acm_certificate" "web" {
  domain_name       = "shop.example.com"
  validation_method = "DNS"
}

resource "aws_lb_listener" "with_certificate" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  # ok: PC-AWS-033
  certificate_arn = aws_acm_certificate.web.arn

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc"
  }
}

resource "aws_lb_listener" "without_certificate" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8443
  # ruleid: PC-AWS-033
  protocol   = "HTTPS"
  ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc"
  }
}

resource "aws_lb_listener" "tls_without_certificate" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/nlb/abc"
  port              = 443
  # ruleid: PC-AWS-033
  protocol = "TLS"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tcp/abc"
  }
}

resource "aws_lb_listener" "from_variable" {
  load_balancer_arn = aws_lb.web.arn
  port              = 9443
  protocol          = "HTTPS"
  # unknown: PC-AWS-033
  certificate_arn = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc"
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  # ok: PC-AWS-033
  protocol = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
