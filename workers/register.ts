/** Hands the worker process to the CLI and the demo (see src/runtime/worker-process.ts). */
import { provideWorkerProcess } from '../src/runtime/worker-process.js';
import { startWorkerProcess } from './process.js';

provideWorkerProcess(startWorkerProcess);
