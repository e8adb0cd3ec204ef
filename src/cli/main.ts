import { commands } from './commands/index.js';
import { buildProgram, runProgram } from './program.js';

// A reader that stops early (`commitline --help | head`) closes the pipe: that ends the output,
// it is not a failure to report with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const code = await runProgram(buildProgram(commands), process.argv.slice(2));
process.exitCode = code;
// Every command has finished its work here; a connection some library left open must not keep
// the process alive. The timer does not itself hold the process, so output still drains first.
setTimeout(() => process.exit(code), 2_000).unref();
