environment      = "prod"
encrypt_database = true
