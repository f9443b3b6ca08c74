'use strict';
// Uses the official `openwhisk` npm client against the platform at APIHOST with key AUTH, and prints one JSON
// object with what it saw. The C# test asserts on that object.
const openwhisk = require('openwhisk');

const ow = openwhisk({ apihost: process.env.APIHOST, api_key: process.env.AUTH });
const name = 'npm-hello';
const code = "function main(params) { console.log('npm client says hi to ' + params.name); return { hello: params.name }; }";

async function logsOf(activationId) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const logs = await ow.activations.logs({ name: activationId });
    if (logs.logs && logs.logs.length > 0) return logs;
    await new Promise(r => setTimeout(r, 100));
  }
  return { logs: [] };
}

(async () => {
  const created = await ow.actions.create({ name, action: code, kind: 'nodejs:20', overwrite: true });
  const result = await ow.actions.invoke({ name, blocking: true, result: true, params: { name: 'npm' } });
  const activation = await ow.actions.invoke({ name, blocking: true, params: { name: 'record' } });
  const fetched = await ow.activations.get({ name: activation.activationId });
  const logs = await logsOf(activation.activationId);
  const list = await ow.actions.list();
  console.log(JSON.stringify({ created, result, activation, fetched, logs, listed: list.map(a => a.name) }));
})().catch(error => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
