// The REST API: maps HTTP requests to domain queries and commands and back (issue 4).
