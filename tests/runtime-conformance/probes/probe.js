// The conformance probe for Node.js runtimes: what it does is chosen by args.mode (see ../conformance.py).
function main(args) {
  switch (args.mode) {
    case 'env':
      return { env: Object.fromEntries(['NAMESPACE', 'ACTION_NAME', 'ACTIVATION_ID', 'DEADLINE', 'TRANSACTION_ID'].map(k => [k, process.env['__OW_' + k] || null])) };
    case 'echo':
      return { length: args.payload.length, first: args.payload[0], last: args.payload[args.payload.length - 1] };
    case 'log':
      console.log(args.line);
      console.error(args.line + '-err');
      return {};
    case 'sleep':
      return new Promise(resolve => setTimeout(() => resolve({ slept: args.ms }), args.ms));
    case 'text':
      return 'not an object';
    case 'throw':
      throw new Error('probe failure');
    default:
      return { mode: args.mode || null };
  }
}
