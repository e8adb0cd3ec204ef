import { commands } from './commands/index.js';
import { buildProgram, runProgram } from './program.js';

const code = await runProgram(buildProgram(commands), process.argv.slice(2));
process.exitCode = code;
// Every command has finished its work here; a connection some library left open must not keep
// the process alive. The timer does not itself hold the process, so output still drains first.
setTimeout(() => process.exit(code), 2_000).unref();
