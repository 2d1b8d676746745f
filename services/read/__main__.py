"""`python -m services.read`: run the read service on settings.read_host:read_port."""

from services.read.server import main

main()
