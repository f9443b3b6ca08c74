'use strict';
// Compiles composition.js with openwhisk-composer's `compose`, deploys it with `deploy` (a conductor action and its
// component actions) against APIHOST with key AUTH, invokes it twice and prints one JSON object with what it saw.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const openwhisk = require('openwhisk');

const bin = path.join(__dirname, 'node_modules', 'openwhisk-composer', 'bin');
const ow = openwhisk({ apihost: process.env.APIHOST, api_key: process.env.AUTH });

(async () => {
  const compiled = execFileSync('node', [path.join(bin, 'compose.js'), path.join(__dirname, 'composition.js')], { encoding: 'utf8' });
  fs.writeFileSync(path.join(__dirname, 'composition.json'), compiled);
  const deployed = execFileSync('node', [
    path.join(bin, 'deploy.js'), 'npm-composition', path.join(__dirname, 'composition.json'),
    '-w', '--basic', '--apihost', process.env.APIHOST, '-u', process.env.AUTH,
  ], { encoding: 'utf8' });
  const conductor = await ow.actions.get({ name: 'npm-composition' });
  const small = await ow.actions.invoke({ name: 'npm-composition', blocking: true, params: { n: 5 } });
  const big = await ow.actions.invoke({ name: 'npm-composition', blocking: true, result: true, params: { n: 40 } });
  console.log(JSON.stringify({
    deployed: deployed.trim(),
    annotations: conductor.annotations,
    small: small.response.result,
    smallRecord: { logs: small.logs.length, annotations: small.annotations, status: small.response.status },
    big,
  }));
})().catch(error => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
