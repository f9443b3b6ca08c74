# The conformance probe for Python runtimes: what it does is chosen by args["mode"] (see ../conformance.py).
import os
import sys
import time


def main(args):
    mode = args.get("mode")
    if mode == "env":
        keys = ["NAMESPACE", "ACTION_NAME", "ACTIVATION_ID", "DEADLINE", "TRANSACTION_ID"]
        return {"env": {k: os.environ.get("__OW_" + k) for k in keys}}
    if mode == "echo":
        payload = args["payload"]
        return {"length": len(payload), "first": payload[0], "last": payload[-1]}
    if mode == "log":
        print(args["line"])
        print(args["line"] + "-err", file=sys.stderr)
        return {}
    if mode == "sleep":
        time.sleep(args["ms"] / 1000.0)
        return {"slept": args["ms"]}
    if mode == "text":
        return "not an object"
    if mode == "throw":
        raise RuntimeError("probe failure")
    return {"mode": mode}
