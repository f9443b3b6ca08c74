'use strict';
// Drives packages, bindings, actions in packages, sequences and the whisk.system catalog with the official
// `openwhisk` npm client, against APIHOST with key AUTH, and prints one JSON object with what it saw.
const openwhisk = require('openwhisk');

const ow = openwhisk({ apihost: process.env.APIHOST, api_key: process.env.AUTH });
const upper = "function main(p) { return { text: (p.prefix || '') + String(p.text).toUpperCase() }; }";

(async () => {
  const created = await ow.packages.create({ name: 'npm-tools', package: { publish: true, parameters: [{ key: 'prefix', value: '>' }] }, overwrite: true });
  await ow.actions.create({ name: 'npm-tools/upper', action: upper, kind: 'nodejs:20', overwrite: true });
  const pkg = await ow.packages.get({ name: 'npm-tools' });
  const binding = await ow.packages.create({
    name: 'npm-utils',
    package: { binding: { namespace: 'whisk.system', name: 'utils' }, parameters: [{ key: 'separator', value: ',' }] },
    overwrite: true,
  });
  const split = await ow.actions.invoke({ name: 'npm-utils/split', blocking: true, result: true, params: { payload: 'c,a,b' } });
  const sequence = await ow.actions.create({
    name: 'npm-sort-then-upper',
    action: { exec: { kind: 'sequence', components: ['/_/npm-utils/split', '/whisk.system/utils/sort', '/whisk.system/utils/cat'] } },
    overwrite: true,
  });
  const sorted = await ow.actions.invoke({ name: 'npm-sort-then-upper', blocking: true, result: true, params: { payload: 'pear,apple,fig' } });
  const upperResult = await ow.actions.invoke({ name: 'npm-tools/upper', blocking: true, result: true, params: { text: 'shout' } });
  const date = await ow.actions.invoke({ name: '/whisk.system/utils/date', blocking: true, result: true });
  const catalog = await ow.packages.list({ namespace: 'whisk.system' });
  const utils = await ow.packages.get({ name: '/whisk.system/utils' });
  const listed = await ow.actions.list({ limit: 200 });
  const packages = await ow.packages.list();
  await ow.actions.delete({ name: 'npm-tools/upper' });
  const deleted = await ow.packages.delete({ name: 'npm-tools' });
  console.log(JSON.stringify({
    created, pkg, binding, split, sequence, sorted, upperResult, date,
    catalog: catalog.map(p => p.name),
    utilsActions: utils.actions.map(a => a.name).sort(),
    inPackage: listed.filter(a => a.namespace === 'guest/npm-tools').map(a => a.name),
    packages: packages.map(p => p.name),
    deleted: deleted.name,
  }));
})().catch(error => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
