'use strict';
// Drives triggers, rules, fires and the alarms feed with the official `openwhisk` npm client, against APIHOST with key
// AUTH, and prints one JSON object with what it saw.
const openwhisk = require('openwhisk');

const ow = openwhisk({ apihost: process.env.APIHOST, api_key: process.env.AUTH });
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function activationsOf(name) {
  return (await ow.activations.list({ name, limit: 200 })).length;
}

(async () => {
  await ow.actions.create({ name: 'npm-event-action', action: 'function main(p) { return { got: p.got }; }', kind: 'nodejs:20', overwrite: true });
  const trigger = await ow.triggers.create({ name: 'npm-event', trigger: { parameters: [{ key: 'got', value: 'trigger' }] }, overwrite: true });
  const rule = await ow.rules.create({ name: 'npm-event-rule', trigger: 'npm-event', action: 'npm-event-action', overwrite: true });
  const fired = await ow.triggers.invoke({ name: 'npm-event', params: { got: 'fire' } });
  const disabled = await ow.rules.disable({ name: 'npm-event-rule' });
  const ruleAfterDisable = await ow.rules.get({ name: 'npm-event-rule' });
  const enabled = await ow.rules.enable({ name: 'npm-event-rule' });
  const rules = await ow.rules.list();
  const triggers = await ow.triggers.list();

  await ow.triggers.create({ name: 'npm-tick', overwrite: true });
  await ow.rules.create({ name: 'npm-tick-rule', trigger: 'npm-tick', action: 'npm-event-action', overwrite: true });
  const feed = await ow.feeds.create({ name: '/whisk.system/alarms/alarm', trigger: 'npm-tick', params: { cron: '* * * * * *', trigger_payload: { got: 'alarm' } } });
  let ticks = 0;
  for (let i = 0; i < 60 && ticks < 2; i++) {
    await sleep(250);
    ticks = await activationsOf('npm-tick');
  }
  const feedRead = await ow.feeds.get({ name: '/whisk.system/alarms/alarm', trigger: 'npm-tick' });
  const feedDeleted = await ow.feeds.delete({ name: '/whisk.system/alarms/alarm', trigger: 'npm-tick' });
  await ow.rules.delete({ name: 'npm-tick-rule' });
  await ow.triggers.delete({ name: 'npm-tick' });
  await ow.rules.delete({ name: 'npm-event-rule' });
  const deletedTrigger = await ow.triggers.delete({ name: 'npm-event' });

  console.log(JSON.stringify({
    trigger, rule, fired, disabled, ruleAfterDisable, enabled,
    rules: rules.map(r => r.name), triggers: triggers.map(t => t.name),
    feed: feed.response.result, ticks, feedRead: feedRead.response.result, feedDeleted: feedDeleted.response.result,
    deletedTrigger: deletedTrigger.name,
  }));
})().catch(error => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
