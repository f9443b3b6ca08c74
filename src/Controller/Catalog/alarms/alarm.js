// The feed action of the alarms package (alarm, once and interval share it): forwards the feed's lifecycle event to
// the platform's built-in alarms provider with the key the client gave, for the trigger named by triggerName in the
// invoking namespace.
const METHODS = { CREATE: 'PUT', READ: 'GET', UPDATE: 'PATCH', DELETE: 'DELETE' };

async function main(params) {
  const method = METHODS[params.lifecycleEvent];
  if (!method) {
    return { error: 'unsupported lifecycleEvent' };
  }
  const trigger = String(params.triggerName || '').split('/').filter(part => part.length > 0).pop() || '';
  const namespace = process.env.__OW_NAMESPACE;
  const forwarded = Object.assign({}, params);
  for (const key of ['lifecycleEvent', 'triggerName', 'authKey', 'apihost']) {
    delete forwarded[key];
  }
  const url = process.env.__OW_API_HOST + '/api/v1/namespaces/' + encodeURIComponent(namespace) +
    '/triggers/' + encodeURIComponent(trigger) + '/alarm';
  const response = await fetch(url, {
    method: method,
    headers: {
      'Authorization': 'Basic ' + Buffer.from(String(params.authKey || '')).toString('base64'),
      'Content-Type': 'application/json',
    },
    body: method === 'GET' ? undefined : JSON.stringify(forwarded),
  });
  const text = await response.text();
  let body;
  try {
    body = text.length > 0 ? JSON.parse(text) : {};
  } catch (error) {
    body = { error: text };
  }
  return response.ok ? body : { error: body };
}
