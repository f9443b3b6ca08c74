'use strict';
// Creates web actions and API routes with the official `openwhisk` npm client (its `routes` API, as `wsk api` would),
// against APIHOST with key AUTH, and prints one JSON object with what it saw. The test then calls the routes.
const openwhisk = require('openwhisk');

const ow = openwhisk({ apihost: process.env.APIHOST, api_key: process.env.AUTH });
const book = `function main(p) {
  const isbn = p.__ow_path.split('/').pop();
  return { headers: { 'Content-Type': 'application/json' }, body: { isbn, path: p.__ow_path, method: p.__ow_method } };
}`;
const add = 'function main(p) { return { added: p.title }; }';

(async () => {
  const web = { 'web-export': true };
  await ow.actions.create({ name: 'npm-book', action: book, kind: 'nodejs:20', annotations: web, overwrite: true });
  await ow.actions.create({ name: 'npm-book-add', action: add, kind: 'nodejs:20', annotations: web, overwrite: true });
  const lookup = await ow.routes.create({ basepath: '/club', relpath: '/books/{isbn}', operation: 'GET', action: 'npm-book', responsetype: 'http' });
  const adding = await ow.routes.create({ basepath: '/club', relpath: '/books', operation: 'POST', action: 'npm-book-add' });
  await ow.routes.create({ name: 'Temporary', basepath: '/gone', relpath: '/soon', operation: 'GET', action: 'npm-book-add' });
  const listed = await ow.routes.list();
  const club = await ow.routes.get({ basepath: '/club' });
  const deletedPath = await ow.routes.delete({ basepath: '/gone', relpath: '/soon', operation: 'GET' });
  const afterDelete = await ow.routes.list();
  let refused;
  try {
    await ow.routes.delete({ basepath: '/never' });
  } catch (error) {
    refused = { statusCode: error.statusCode, message: error.message };
  }

  console.log(JSON.stringify({
    lookup, adding, club, deletedPath, refused,
    listed: listed.apis.map(a => a.value.apidoc.basePath),
    afterDelete: afterDelete.apis.map(a => a.value.apidoc.basePath),
  }));
})().catch(error => {
  console.error(error);
  process.exit(1);
});
