// Nests every input field under the one field named by `$fieldName`.
function main(params) {
  const field = params.$fieldName;
  if (typeof field !== 'string') {
    return { error: "Expected an argument '$fieldName' of type 'string'." };
  }
  const rest = {};
  for (const key of Object.keys(params)) {
    if (key !== '$fieldName') {
      rest[key] = params[key];
    }
  }
  const result = {};
  result[field] = rest;
  return result;
}
