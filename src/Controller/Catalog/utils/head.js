// Keeps the first `num` lines (one when `num` is missing or zero; a negative `num` drops lines from the end).
function main(params) {
  const lines = params.lines || [];
  const num = params.num || 1;
  return { lines: lines.slice(0, num), num: num };
}
