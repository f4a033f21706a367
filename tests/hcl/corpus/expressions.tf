# Every expression kind, as python-hcl2 8.1.4 and tree-sitter-hcl must both render it.
locals {
  a1 = var.a + 1
  a2 = var.a+var.b*2
  a3 = (var.a + 1) * 2
  a4 = !var.x
  a5 = -1
  a6 = - var.y
  a7 = a == b && c != d || !e
  a8 = a ? b : c
  a9 = a ? (b ? 1 : 2) : 3
  b1 = [for k, v in var.m : upper(v) if v != ""]
  b2 = {for k in var.l : k => k...}
  b3 = {for k, v in var.m : k => v if v}
  b4 = [ for x in var.l: x ]
  c1 = aws_instance.x[*].id
  c2 = aws_instance.x.*.id
  c3 = a[0].b["k"]
  c4 = a.0.b
  c5 = aws_instance.x[*]
  c6 = a[*].b[0]
  c7 = a.*.b.c
  d1 = f(a, b...)
  d2 = f()
  d3 = lookup(var.m, "k", null)
  d4 = provider::aws::arn_parse("x")
  d5 = jsonencode({ a = 1, b = [1, 2] })
  d6 = merge(var.tags, { Name = "x" })
  d7 = f(
    a,
    b,
  )
  e1 = null
  e2 = true
  e3 = false
  e4 = 1.5
  e5 = 1.5e3
  e6 = 0.1e-2
  e7 = 10
  e8 = 007
  e9 = 1.0
  f1 = "plain"
  f2 = "a-${var.x}"
  f3 = "${var.x}"
  f4 = "$${literal}"
  f5 = "%%{literal}"
  f6 = "esc \" \\ \n \t \u00e9"
  f7 = "${var.a}-${var.b}"
  f8 = "%{if var.x}yes%{else}no%{endif}"
  f9 = "%{for x in var.l}${x},%{endfor}"
  g1 = "${ var.x }"
  g2 = "a ${var.m["k"]} b"
  g3 = "${"nested"}"
  g4 = ""
  g5 = "ünïcødé ✓"
  h1 = [1, 2, "three", var.x, [4], { a = 1 }]
  h2 = { a = 1, "b" = 2, (var.k) = 3, c: 4 }
  h3 = {
    a = [
      1,
    ]
    b = { c = var.x }
  }
  h4 = [var.a + 1, f(x)]
  h5 = { a = var.a ? 1 : 2 }
  h6 = [[for x in l: x]]
  i1 = var.a.b[count.index]
  i2 = data.aws_iam_policy_document.x.json
  i3 = each.value.name
  i4 = a[b[c]]
  i5 = a[var.x + 1]
  i6 = (a)
  i7 = ((a + b))
  i8 = a > 1 ? "x" : null
  i9 = 1 + 2 + 3
  j1 = a - -b
  j2 = !(a && b)
  j3 = a % 2 == 0
  j4 = a <= b || a >= c
  j5 = try(a.b, null)
  j6 = can(regex("^x", v))
  j7 = a.b[*].c.d
  j8 = [for s in var.l : s.x][0]
  j9 = {for s in var.l : s.k => s}[var.k]
}

locals {
  a1 = f({"b" = 2, c: 3, (k) = 4, d = "x-${y}"})
  a2 = f("a-${x}-\n")
  a3 = f([1, "two", null, true, 1.5, 1.5e3, -1])
  a4 = f(<<-EOT
    x
    EOT
  )
  a5 = f("%{if a}b%{endif}")
  a6 = [for x in l : "${x}-a"]
  a7 = f(x...)
  a8 = f(a, [b, c]...)
  a9 = f(- 1, !a, -a)
  b1 = f(a ? [1] : {})
  b2 = f(a.b[*], a.*.b, a[0], a["k"])
  b3 = {for x in l : x => {a = x}}
  b4 = [for x in l : x if x > 1]
  b5 = f("$${x}", "%%{y}")
  b6 = f("\u00e9")
  b7 = {
    "k" = {
      n = f(1)
    }
  }
  b8 = [{a = 1}, {b = [1, {c = 2}]}]
  b9 = f("a", # comment
    "b")
  c1 = (var.a)
  c2 = f((a), (b + c))
  c3 = [(a)]
  c4 = {a = (b)}
  c5 = !(a)
  c6 = f(a) + f(b)
  c7 = -f(a)
  c8 = a == "x"
  c9 = a.b == "x" ? a.c : "d"
  d1 = "${a ? "b" : "c"}"
  d2 = "${f(1, 2)}"
  d3 = "x${[1, 2][0]}"
  d4 = "${{a = 1}.a}"
  d5 = "${-1}"
  d6 = "${1.5}"
  d7 = "${!a}"
  d8 = [1.0, 2.50, 0.0]
  d9 = 1.50
  e2 = "${a}b${c}"
  e3 = {a = "${b}"}
  e4 = f("${b}")
  e5 = "${"${x}"}"
  e6 = ["${x}"]
  e7 = { for k, v in m : k => v... if v }
  e8 = [for x in l : x][*]
  e9 = a[*][0]
}

locals {
  a = b
  c = [b, "s"]
  d = { k = v }
  e = (b)
  f = b[0]
  g = f(b)
  h = "${b}"
  i = in
  j = -b
  k = b ? c : d
  l = { b = c }.b
}
