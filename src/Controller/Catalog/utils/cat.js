// Joins an array of lines into one text, one line after another.
function main(params) {
  const lines = params.lines || [];
  return { lines: lines, payload: lines.join('\n') };
}
