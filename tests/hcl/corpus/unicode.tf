# Ünïcödé everywhere: comments, strings, labels and heredocs. ✓
resource "aws_s3_bucket" "données" {
  bucket = "café-☕"
  tags = {
    "名前"  = "値"
    emoji = "😀 ${var.x} 😀"
  }
  description = <<-EOT
    Ligne « un »
      Ligne deux — ü
    EOT
}

locals {
  # Ω
  greek = "αβγ"
}
