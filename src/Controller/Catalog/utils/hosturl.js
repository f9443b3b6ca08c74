// Builds the URL of an action, web action or trigger of the invoking namespace on this platform's API host.
const WEB_EXTENSIONS = ['.html', '.http', '.json', '.svg', '.text'];

function main(params) {
  const web = params.web === true;
  const trigger = params.trigger;
  const path = params.path;
  const ext = params.ext;
  const host = process.env.__OW_API_HOST;
  const ns = process.env.__OW_NAMESPACE;

  if (web && trigger) {
    return { error: 'triggers are not allowed for web actions.' };
  }
  if (web && ext && !WEB_EXTENSIONS.includes(ext)) {
    return { error: 'extension for web action must be one of ["' + WEB_EXTENSIONS.join('", "') + '"].' };
  }
  if (trigger && path.indexOf('/') >= 0) {
    return { error: 'triggers are not allowed in packages.' };
  }

  const base = web
    ? host + '/api/v1/web/' + ns
    : host + '/api/v1/namespaces/' + ns + (trigger === true ? '/triggers' : '/actions');
  if (path === undefined) {
    return { url: base };
  }
  const relative = web && path.indexOf('/') < 0 ? 'default/' + path : path;
  return { url: base + '/' + relative + (web ? ext || '' : '') };
}
