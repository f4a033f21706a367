# A hash comment before a block.
// A slash comment before a block.
/* A block comment
   spanning lines */
resource "aws_db_instance" "db" { # on the opening line
  # policycheck:ignore=PC-AWS-070 legacy database, encrypted at the volume level
  engine = "postgres" // trailing slash comment
  /* inline block */ storage_encrypted = false
  tags = {
    # inside an object
    Name = "db" # after an object element
  }
  ports = [
    5432, # first
    // own line in a list
    5433,
  ]

  backup {
    # nested block comment
    window = "03:00-04:00"
  }
  ##   doubled marker
  #
}
# between blocks
locals {
  a = 1 /* after a value */
}
/**/
// trailing comment at end of file
