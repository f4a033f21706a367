variable "tls_version" {
  type = string
}

resource "aws_cloudfront_distribution" "good" {
  enabled = true

  origin {
    domain_name = "shop.example.com"
    origin_id   = "shop"
  }

  default_cache_behavior {
    target_origin_id = "shop"
    allowed_methods  = ["GET", "HEAD"]
    cached_methods   = ["GET", "HEAD"]
    # ok: PC-AWS-032
    viewer_protocol_policy = "redirect-to-https"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    ssl_support_method  = "sni-only"
    # ok: PC-AWS-032
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "bad" {
  enabled = true

  origin {
    domain_name = "shop.example.com"
    origin_id   = "shop"
  }

  default_cache_behavior {
    target_origin_id = "shop"
    allowed_methods  = ["GET", "HEAD"]
    cached_methods   = ["GET", "HEAD"]
    # ruleid: PC-AWS-032
    viewer_protocol_policy = "allow-all"
  }

  ordered_cache_behavior {
    path_pattern     = "/api/*"
    target_origin_id = "shop"
    allowed_methods  = ["GET", "HEAD"]
    cached_methods   = ["GET", "HEAD"]
    # ok: PC-AWS-032
    viewer_protocol_policy = "https-only"
  }

  ordered_cache_behavior {
    path_pattern     = "/static/*"
    target_origin_id = "shop"
    allowed_methods  = ["GET", "HEAD"]
    cached_methods   = ["GET", "HEAD"]
    # ruleid: PC-AWS-032
    viewer_protocol_policy = "allow-all"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    # ruleid: PC-AWS-032
    cloudfront_default_certificate = true
  }
}

resource "aws_cloudfront_distribution" "old_tls" {
  enabled = true

  origin {
    domain_name = "shop.example.com"
    origin_id   = "shop"
  }

  default_cache_behavior {
    target_origin_id       = "shop"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    ssl_support_method  = "sni-only"
    # ruleid: PC-AWS-032
    minimum_protocol_version = "TLSv1.2_2018"
  }
}

resource "aws_cloudfront_distribution" "default_version" {
  enabled = true

  origin {
    domain_name = "shop.example.com"
    origin_id   = "shop"
  }

  default_cache_behavior {
    target_origin_id       = "shop"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "https-only"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  # ruleid: PC-AWS-032
  viewer_certificate {
    acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    ssl_support_method  = "sni-only"
  }
}

resource "aws_cloudfront_distribution" "version_from_variable" {
  enabled = true

  origin {
    domain_name = "shop.example.com"
    origin_id   = "shop"
  }

  default_cache_behavior {
    target_origin_id       = "shop"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "https-only"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    ssl_support_method  = "sni-only"
    # unknown: PC-AWS-032
    minimum_protocol_version = var.tls_version
  }
}
