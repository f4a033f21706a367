# Quoted strings, templates, directives, escapes and heredocs.
locals {
  plain        = "plain"
  empty        = ""
  spaces       = "  lead and trail  "
  interp       = "a-${var.x}"
  interp_only  = "${var.x}"
  interp_space = "${ var.x }"
  two          = "${var.a}-${var.b}"
  adjacent     = "${var.x}${var.y}"
  escaped_dl   = "$${literal}"
  escaped_pct  = "%%{literal}"
  escapes      = "esc \" \\ \n \t \r \u00e9 \U0001F600"
  bs_interp    = "\\${x}"
  dollar       = "$ and $x and 50%"
  not_comment  = "a # b // c /* d */"
  after_interp = "${x}  # not a comment"
  nested_str   = "${"nested"}"
  nested_call  = "a ${lookup(var.m, "k", "d")} b"
  nested_tmpl  = "${"${x}"}"
  if_else      = "%{if var.x}yes%{else}no%{endif}"
  if_spaced    = "%{ if var.x == "a" }yes%{ endif }"
  strip_dir    = "%{~ if x ~}y%{~ endif ~}"
  for_dir      = "%{for k, v in var.m}${k}=${v},%{endfor}"
  for_one      = "%{ for x in var.l }${x} %{ endfor }"
  in_call      = f("a-${x}-\n", "$${x}", "%%{y}", "\u00e9")
  in_list      = ["${x}", "a\tb"]
  in_object    = { a = "${b}", "q\"k" = "v" }

  heredoc = <<EOT
hello ${var.x}
  $${lit} "quoted" \n stays
world
EOT

  heredoc_trim = <<-EOT
    indented ${var.x}
      more "quoted" \\ backslash
    EOT

  heredoc_blank_lines = <<-EOT

      a

    b
  EOT

  heredoc_empty = <<EOT
EOT

  heredoc_comment_like = <<EOF
# not a comment
// nor this
/* nor this */
EOF

  heredoc_in_list = [<<EOT
in list
EOT
  , "x"]

  heredoc_dashed = <<END-OF_TEXT
with marker chars
END-OF_TEXT

  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]
    }
  POLICY
}
