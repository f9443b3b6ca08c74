// Splits `payload` into lines at `separator` (a plain string), or at line breaks when no separator is given.
function main(params) {
  const payload = params.payload;
  const text = payload.toString();
  const separator = params.separator !== undefined ? params.separator : /\r?\n/;
  return { lines: text.split(separator), payload: payload };
}
