// Returns its input unchanged: the identity step of a sequence.
function main(params) {
  return params || {};
}
