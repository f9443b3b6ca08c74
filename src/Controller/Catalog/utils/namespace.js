// The namespace that invoked this action (not the namespace the action lives in).
function main() {
  return { namespace: process.env.__OW_NAMESPACE };
}
