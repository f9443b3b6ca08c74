// Sorts an array of lines the way JavaScript's default sort does (comparing them as text).
function main(params) {
  const lines = params.lines || [];
  lines.sort();
  return { lines: lines, length: lines.length };
}
