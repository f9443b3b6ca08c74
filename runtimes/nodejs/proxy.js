'use strict';
// OpenWhisk.NET action proxy for Node.js: implements OpenWhisk's action protocol on port 8080, or only on the Unix
// socket named by __OW_PROXY_SOCKET when the platform mounted one (no TCP port then).
//   POST /init  {"value": {"name", "main", "code", "binary", "env"}}   -> 200 {"OK": true}
//   POST /run   {"value": {...}, "namespace", "action_name", ...}       -> 200 <result object>
// After every run (and a failed init) the sentinel line goes to stdout and stderr, so the platform can tell
// which log lines belong to which activation. When __OW_LOG_FILE names a file (in the platform's mounted directory),
// the lines this process writes to stdout and stderr are appended to it as the engine's json-file entries instead, so
// that no engine process has to carry them (see divertToLogFile).

const http = require('http');
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { createRequire } = require('module');

const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';
const PORT = Number(process.env.__OW_PROXY_PORT || 8080);
const SOCKET_PATH = process.env.__OW_PROXY_SOCKET;
const LOG_FILE = process.env.__OW_LOG_FILE;

let status = 'ready';        // ready -> initializing -> initialized -> (stopped after a failure the action caused)
let actionMain = null;

// The engine splits lines longer than this into entries that do not end in a newline; so does divertToLogFile.
const MAX_ENTRY_LENGTH = 16 * 1024;

// Appends what this process writes through process.stdout and process.stderr to `file`, one json-file entry
// ({"log", "stream", "time"}) per line, with a synchronous write per call: a line is in the file before the call
// returns, so the sentinels are there before the reply to /run. Lines written to the descriptors directly (a child
// process's, for example) still go to the engine's log. The platform created the file and frees what it has read.
function divertToLogFile(file) {
  const fd = fs.openSync(file, 'a');
  const partial = { stdout: '', stderr: '' };
  const entries = (name, text, time) => {
    let out = '';
    let start = 0;
    text = partial[name] + text;
    for (;;) {
      const newline = text.indexOf('\n', start);
      const end = newline >= 0 && newline + 1 - start <= MAX_ENTRY_LENGTH ? newline + 1
        : text.length - start >= MAX_ENTRY_LENGTH ? start + MAX_ENTRY_LENGTH
        : -1;
      if (end < 0) {
        break;
      }
      out += JSON.stringify({ log: text.slice(start, end), stream: name, time }) + '\n';
      start = end;
    }
    partial[name] = text.slice(start);
    return out;
  };
  // A write that fails (a full disk) loses its lines, as a full pipe to the engine would, and never the caller's call.
  const append = out => {
    if (out) {
      try {
        fs.writeSync(fd, out);
      } catch (error) {
        // Dropped.
      }
    }
  };
  const divert = (stream, name) => {
    stream.write = (chunk, encoding, callback) => {
      if (typeof encoding === 'function') {
        callback = encoding;
        encoding = undefined;
      }
      const text = typeof chunk !== 'string' ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8')
        : encoding && !/^utf-?8$/i.test(encoding) ? Buffer.from(chunk, encoding).toString('utf8')
        : chunk;
      append(entries(name, text, new Date().toISOString()));
      if (typeof callback === 'function') {
        process.nextTick(callback);
      }
      return true;
    };
  };
  divert(process.stdout, 'stdout');
  divert(process.stderr, 'stderr');
  return {
    writeBoth(text) {
      const time = new Date().toISOString();
      append(entries('stdout', text, time) + entries('stderr', text, time));
    },
  };
}

const logFile = LOG_FILE ? divertToLogFile(LOG_FILE) : null;

function writeSentinels() {
  if (logFile) {
    // Both in one write: a reader never sees one stream's end without the other's.
    logFile.writeBoth(SENTINEL + '\n');
    return;
  }
  process.stdout.write(SENTINEL + '\n');
  process.stderr.write(SENTINEL + '\n');
}

function reply(res, code, body) {
  const text = JSON.stringify(body === undefined ? {} : body);
  const bytes = Buffer.from(text, 'utf8');
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
  res.end(bytes);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function setEnvironment(env) {
  for (const [key, value] of Object.entries(env || {})) {
    process.env[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
}

function pick(exports, name) {
  if (typeof exports === 'function' && name === 'main') return exports;
  if (exports && typeof exports[name] === 'function') return exports[name];
  return undefined;
}

function loadSource(code, name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'action-'));
  const file = path.join(dir, 'index.js');
  const module = { exports: {} };
  const identifier = /^[A-Za-z_$][\w$]*$/.test(name) ? name : null;
  const tail = identifier ? `\n;return (typeof ${identifier} === 'function') ? ${identifier} : undefined;` : '\n;return undefined;';
  const factory = new Function('module', 'exports', 'require', '__filename', '__dirname', code + tail);
  const direct = factory(module, module.exports, createRequire(file), file, dir);
  return direct || pick(module.exports, name);
}

function loadArchive(base64, name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'action-'));
  const archive = Buffer.from(base64, 'base64');
  const file = path.join(dir, 'action.archive');
  fs.writeFileSync(file, archive);
  if (archive[0] === 0x50 && archive[1] === 0x4b) {
    execFileSync('unzip', ['-o', '-q', file, '-d', dir]);
  } else if (archive[0] === 0x1f && archive[1] === 0x8b) {
    // -o: keep the files ours (the container holds no CAP_CHOWN to give them the archive's owners).
    execFileSync('tar', ['-xzof', file, '-C', dir]);
  } else {
    throw new Error('the archive is neither a zip nor a tar.gz file');
  }
  fs.unlinkSync(file);
  const pkg = path.join(dir, 'package.json');
  let entry = 'index.js';
  if (fs.existsSync(pkg)) {
    entry = JSON.parse(fs.readFileSync(pkg, 'utf8').replace(/^\uFEFF/, '')).main || 'index.js';
  } else if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new Error('Zipped actions must contain either package.json or index.js at the root.');
  }
  const exports = require(path.resolve(dir, entry));
  return pick(exports, name);
}

async function init(req, res) {
  if (status !== 'ready') {
    return reply(res, 403, { error: 'Cannot initialize the action more than once.' });
  }
  // Taken before the body is read, so that a second /init arriving meanwhile is refused.
  status = 'initializing';
  let message;
  try {
    message = JSON.parse((await readBody(req)) || '{}') || {};
  } catch (error) {
    status = 'ready';
    return reply(res, 400, { error: 'The init request is not valid JSON.' });
  }
  const value = message.value || {};
  if (typeof value.code !== 'string' || value.code.length === 0) {
    status = 'ready';
    return reply(res, 403, { error: 'Missing main/no code to execute.' });
  }
  const name = value.main || 'main';
  try {
    setEnvironment(value.env);
    actionMain = value.binary ? loadArchive(value.code, name) : loadSource(value.code, name);
    if (typeof actionMain !== 'function') {
      throw new Error(`Action entrypoint '${name}' is not a function.`);
    }
    status = 'initialized';
    reply(res, 200, { OK: true });
  } catch (error) {
    status = 'ready';
    console.error(error && error.stack ? error.stack : String(error));
    writeSentinels();
    reply(res, 502, { error: 'Initialization has failed due to: ' + (error && error.stack ? error.stack : String(error)) });
  }
}

function serializeError(error) {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack };
  }
  return error === undefined || error === null ? {} : error;
}

async function run(req, res) {
  if (status !== 'initialized') {
    return reply(res, 403, { error: status === 'ready' ? 'System not initialized.' : `System not ready, status is ${status}.` });
  }
  const message = JSON.parse((await readBody(req)) || '{}');
  for (const [key, value] of Object.entries(message)) {
    if (key !== 'value' && typeof value === 'string') {
      process.env['__OW_' + key.toUpperCase()] = value;
    }
  }
  const args = message.value === undefined || message.value === null ? {} : message.value;
  let result;
  try {
    result = await Promise.resolve(actionMain(args)).then(r => r, error => ({ error: serializeError(error) }));
  } catch (error) {
    status = 'stopped';
    console.error(error && error.stack ? error.stack : String(error));
    writeSentinels();
    return reply(res, 502, { error: 'An error has occurred: ' + String(error) });
  }
  if (result === undefined || result === null) {
    result = {};
  }
  writeSentinels();
  if (typeof result !== 'object') {
    status = 'stopped';
    return reply(res, 502, { error: 'The action did not return a dictionary.' });
  }
  reply(res, 200, result);
}

// Actions reach the platform at __OW_API_HOST. When that is a loopback address and the platform mounted its API
// socket (__OW_API_SOCKET), the same port inside this container is forwarded to the socket, so the URL works here
// without the host's network.
function forwardApiHost() {
  const socketPath = process.env.__OW_API_SOCKET;
  let target;
  try {
    target = new URL(process.env.__OW_API_HOST || '');
  } catch (error) {
    return;
  }
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  if (!socketPath || !['127.0.0.1', 'localhost'].includes(target.hostname) || port === PORT) {
    return;
  }
  const relay = net.createServer(client => {
    const upstream = net.connect(socketPath);
    client.setNoDelay(true);
    client.pipe(upstream).on('error', () => client.destroy());
    upstream.pipe(client).on('error', () => upstream.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  relay.on('error', error => console.error('API forwarding is not available: ' + error.message));
  relay.listen(port, '127.0.0.1');
  relay.unref();
}

const server = http.createServer((req, res) => {
  const handle = req.method === 'POST' && req.url === '/init' ? init
    : req.method === 'POST' && req.url === '/run' ? run
    : null;
  if (!handle) {
    return reply(res, 500, { error: 'Bad request.' });
  }
  handle(req, res).catch(error => {
    console.error(error && error.stack ? error.stack : String(error));
    if (!res.headersSent) {
      reply(res, 500, { error: 'Bad request.' });
    }
  });
});

// Connections are kept open for the platform's persistent client; actions may run for minutes.
server.keepAliveTimeout = 0;
server.requestTimeout = 0;
server.headersTimeout = 0;
if (SOCKET_PATH) {
  fs.rmSync(SOCKET_PATH, { force: true });
  // The platform may connect as another user than this container's.
  server.listen(SOCKET_PATH, () => fs.chmodSync(SOCKET_PATH, 0o666));
} else {
  server.on('connection', socket => socket.setNoDelay(true));
  server.listen(PORT, '0.0.0.0');
}
forwardApiHost();
process.on('SIGTERM', () => process.exit(0));
