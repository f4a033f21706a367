variable "redirect_protocol" {
  type = string
}

resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
}

resource "aws_lb" "network" {
  name               = "network"
  load_balancer_type = "network"
}

resource "aws_lb_listener" "http_forward" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  # ruleid: PC-AWS-030
  protocol = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc"
  }
}

resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  # ok: PC-AWS-030
  protocol = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

# ruleid: PC-AWS-030
resource "aws_alb_listener" "implicit_http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8080

  default_action {
    type = "redirect"

    redirect {
      protocol    = "#{protocol}"
      port        = "8443"
      status_code = "HTTP_302"
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  # ok: PC-AWS-030
  protocol        = "HTTPS"
  ssl_policy      = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc"
  }
}

# ok: PC-AWS-030
resource "aws_lb_listener" "tcp" {
  load_balancer_arn = aws_lb.network.arn
  port              = 5432

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/db/abc"
  }
}

resource "aws_lb_listener" "redirect_from_variable" {
  load_balancer_arn = aws_lb.web.arn
  port              = 81
  protocol          = "HTTP"

  # unknown: PC-AWS-030
  default_action {
    type = "redirect"

    redirect {
      protocol    = var.redirect_protocol
      status_code = "HTTP_301"
    }
  }
}
