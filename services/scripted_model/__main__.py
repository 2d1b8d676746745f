"""`python -m services.scripted_model [--port N]`: run the scripted model on its own.

Then run the Claude Code CLI with ANTHROPIC_BASE_URL pointing at it (printed below).
"""

from __future__ import annotations

import argparse
import threading

from services.scripted_model.server import DUMMY_KEY, ScriptedModelServer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8002)
    args = parser.parse_args()
    server = ScriptedModelServer(args.host, args.port)
    server.start_in_thread()
    print(f"scripted model on {server.url}")
    print(f"  export ANTHROPIC_BASE_URL={server.url} ANTHROPIC_API_KEY={DUMMY_KEY}")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop_thread()


if __name__ == "__main__":
    main()
