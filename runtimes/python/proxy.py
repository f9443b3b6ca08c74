"""OpenWhisk.NET action proxy for Python: implements OpenWhisk's action protocol on port 8080, or only on the Unix
socket named by __OW_PROXY_SOCKET when the platform mounted one (no TCP port then).

POST /init  {"value": {"name", "main", "code", "binary", "env"}}  -> 200 {"OK": true}
POST /run   {"value": {...}, "namespace", "action_name", ...}      -> 200 <result dict>
After every run (and a failed init) the sentinel line goes to stdout and stderr. When __OW_LOG_FILE names a file (in
the platform's mounted directory), what this process writes through sys.stdout and sys.stderr is appended to it as
the engine's json-file entries instead, so that no engine process has to carry the lines (see LogFile).
"""
import base64
import datetime
import http.server
import io
import json
import os
import runpy
import socket
import socketserver
import sys
import tarfile
import tempfile
import threading
import traceback
import urllib.parse
import zipfile

SENTINEL = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX"
PORT = int(os.environ.get("__OW_PROXY_PORT", "8080"))
SOCKET_PATH = os.environ.get("__OW_PROXY_SOCKET")
LOG_FILE = os.environ.get("__OW_LOG_FILE")
# The engine splits lines longer than this into entries that do not end in a newline; so does LogFile.
MAX_ENTRY_LENGTH = 16 * 1024

state = {"status": "ready", "main": None}
init_lock = threading.Lock()


class LogFile:
    """Appends lines to the platform's file as json-file entries ({"log", "stream", "time"}), one write per call, so
    a line is in the file when the call returns and the sentinels are there before the reply to /run. Lines written
    to the descriptors directly (a child process's, for example) still go to the engine's log."""

    def __init__(self, path):
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        self.lock = threading.Lock()
        self.partial = {"stdout": "", "stderr": ""}

    def entries(self, name, text, time):
        text = self.partial[name] + text
        out = []
        start = 0
        while True:
            newline = text.find("\n", start)
            if 0 <= newline and newline + 1 - start <= MAX_ENTRY_LENGTH:
                end = newline + 1
            elif len(text) - start >= MAX_ENTRY_LENGTH:
                end = start + MAX_ENTRY_LENGTH
            else:
                break
            out.append(json.dumps({"log": text[start:end], "stream": name, "time": time}))
            start = end
        self.partial[name] = text[start:]
        return "".join(entry + "\n" for entry in out)

    def write(self, pairs):
        time = now()
        with self.lock:
            out = "".join(self.entries(name, text, time) for name, text in pairs)
            if out:
                try:
                    os.write(self.fd, out.encode("utf-8", "surrogateescape"))
                except OSError:
                    # A full disk loses these lines, as a full pipe to the engine would, and never fails the caller.
                    pass


class LogFileStream(io.TextIOBase):
    """sys.stdout or sys.stderr when the lines go to a LogFile. Its descriptor (for a child process, say) is still the
    original one, whose lines reach the engine's log."""

    def __init__(self, log_file, name, original):
        super().__init__()
        self.log_file = log_file
        self.name = name
        self.original = original
        self.binary = LogFileBinaryStream(self)

    @property
    def encoding(self):
        return "utf-8"

    @property
    def buffer(self):
        return self.binary

    def writable(self):
        return True

    def fileno(self):
        return self.original.fileno()

    def write(self, text):
        self.log_file.write([(self.name, text)])
        return len(text)


class LogFileBinaryStream(io.RawIOBase):
    """sys.stdout.buffer when the lines go to a LogFile: bytes are taken as UTF-8."""

    def __init__(self, text):
        super().__init__()
        self.text = text

    def writable(self):
        return True

    def fileno(self):
        return self.text.fileno()

    def write(self, data):
        self.text.write(bytes(data).decode("utf-8", "replace"))
        return len(data)


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


log_file = LogFile(LOG_FILE) if LOG_FILE else None


def write_sentinels():
    if log_file:
        # Both in one write: a reader never sees one stream's end without the other's.
        log_file.write([("stdout", SENTINEL + "\n"), ("stderr", SENTINEL + "\n")])
        return
    print(SENTINEL, file=sys.stdout, flush=True)
    print(SENTINEL, file=sys.stderr, flush=True)


def load_source(code, name):
    scope = {"__name__": "__main__"}
    exec(compile(code, "__main__.py", "exec"), scope)
    return scope.get(name)


def load_archive(encoded, name):
    data = base64.b64decode(encoded)
    folder = tempfile.mkdtemp(prefix="action-")
    if data[:2] == b"PK":
        zipfile.ZipFile(io.BytesIO(data)).extractall(folder)
    elif data[:2] == b"\x1f\x8b":
        tarfile.open(fileobj=io.BytesIO(data), mode="r:gz").extractall(folder)
    else:
        raise ValueError("the archive is neither a zip nor a tar.gz file")
    if not os.path.exists(os.path.join(folder, "__main__.py")):
        raise ValueError("Zip file does not include __main__.py")
    sys.path.insert(0, folder)
    scope = runpy.run_path(folder, run_name="__main__")
    return scope.get(name)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass

    def reply(self, code, body):
        data = json.dumps(body, separators=(",", ":")).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        text = self.rfile.read(length).decode("utf-8") if length else ""
        return json.loads(text) if text else {}

    def do_POST(self):
        try:
            if self.path == "/init":
                self.init()
            elif self.path == "/run":
                self.run()
            else:
                self.reply(500, {"error": "Bad request."})
        except SystemExit as exit_:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(exit_.code if isinstance(exit_.code, int) else 1)

    def init(self):
        message = self.body()
        value = message.get("value") or {}
        with init_lock:
            if state["status"] != "ready":
                return self.reply(403, {"error": "Cannot initialize the action more than once."})
            code = value.get("code")
            if not isinstance(code, str) or not code:
                return self.reply(403, {"error": "Missing main/no code to execute."})
            name = value.get("main") or "main"
            try:
                for key, env_value in (value.get("env") or {}).items():
                    os.environ[key] = env_value if isinstance(env_value, str) else json.dumps(env_value)
                main = load_archive(code, name) if value.get("binary") else load_source(code, name)
                if not callable(main):
                    raise ValueError("Action entrypoint '%s' is not a function." % name)
                state["main"] = main
                state["status"] = "initialized"
            except SystemExit:
                raise
            except BaseException as error:
                traceback.print_exc()
                write_sentinels()
                return self.reply(502, {"error": "Initialization has failed due to: %s" % error})
        self.reply(200, {"OK": True})

    def run(self):
        if state["status"] != "initialized":
            status = state["status"]
            text = "System not initialized." if status == "ready" else "System not ready, status is %s." % status
            return self.reply(403, {"error": text})
        message = self.body()
        for key, value in message.items():
            if key != "value" and isinstance(value, str):
                os.environ["__OW_" + key.upper()] = value
        args = message.get("value")
        if args is None:
            args = {}
        try:
            result = state["main"](args)
        except SystemExit:
            raise
        except BaseException as error:
            traceback.print_exc()
            state["status"] = "stopped"
            write_sentinels()
            return self.reply(502, {"error": "An error has occurred: %s" % error})
        if result is None:
            result = {}
        write_sentinels()
        if not isinstance(result, (dict, list)):
            state["status"] = "stopped"
            return self.reply(502, {"error": "The action did not return a dictionary."})
        try:
            self.reply(200, result)
        except (TypeError, ValueError) as error:
            self.reply(502, {"error": "The action did not return a valid JSON result: %s" % error})


def pump(source, sink):
    try:
        while True:
            data = source.recv(16384)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def forward_api_host():
    """Forwards the __OW_API_HOST port inside the container to the platform's API socket (__OW_API_SOCKET)."""
    socket_path = os.environ.get("__OW_API_SOCKET")
    target = urllib.parse.urlsplit(os.environ.get("__OW_API_HOST", ""))
    try:
        port = target.port or (443 if target.scheme == "https" else 80)
    except ValueError:
        return
    if not socket_path or target.hostname not in ("127.0.0.1", "localhost") or port == PORT:
        return

    def relay(client):
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(socket_path)
        except OSError:
            client.close()
            return
        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
        pump(client, upstream)

    def accept(listener):
        while True:
            client, _ = listener.accept()
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=relay, args=(client,), daemon=True).start()

    try:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
    except OSError as error:
        print("API forwarding is not available: %s" % error, file=sys.stderr, flush=True)
        return
    threading.Thread(target=accept, args=(listener,), daemon=True).start()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class UnixHandler(Handler):
    # TCP_NODELAY does not apply to a Unix socket; a Unix peer has no address of its own.
    disable_nagle_algorithm = False

    def address_string(self):
        return "unix"


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def listen():
    if not SOCKET_PATH:
        return Server(("0.0.0.0", PORT), Handler)
    try:
        os.unlink(SOCKET_PATH)
    except FileNotFoundError:
        pass
    server = UnixServer(SOCKET_PATH, UnixHandler)
    # The platform may connect as another user than this container's.
    os.chmod(SOCKET_PATH, 0o666)
    return server


if __name__ == "__main__":
    if log_file:
        sys.stdout = LogFileStream(log_file, "stdout", sys.__stdout__)
        sys.stderr = LogFileStream(log_file, "stderr", sys.__stderr__)
    else:
        sys.stdout.reconfigure(line_buffering=True)
        sys.stderr.reconfigure(line_buffering=True)
    server = listen()
    forward_api_host()
    server.serve_forever()
