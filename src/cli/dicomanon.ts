#!/usr/bin/env node
/**
 * The dicomanon command (built as dist-cli/dicomanon.mjs, the package's bin). Exit codes:
 * 0 every input written or skipped, 1 some input failed, 2 usage or safety error.
 */
import { version } from '../../package.json';
import { UsageError, parseCommandLine } from './args';
import { describeFsError } from './fsErrors';
import { HELP_TEXT } from './help';
import { startKey } from './key';

// Variables, not literals, so that the bundler leaves these URLs alone: the workers are built as
// their own entries and sit beside this file at run time.
const WORKER_FILE = 'deid-worker.mjs';
const NIFTI_WORKER_FILE = 'nifti-worker.mjs';

async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`dicomanon: ${error.message}\nRun dicomanon --help for usage.\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(HELP_TEXT);
    return 0;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  // The passphrase is stretched (PBKDF2, about 0.15 s of a core) from here, while the rest of
  // the CLI is loaded (about 50 ms): only this file's few imports come before it. Its problems
  // are reported where run.ts awaits it, after the profile's and the paths'.
  const pendingKey = startKey(command.args.keyFile);
  pendingKey.catch(() => undefined);
  try {
    const { runDicomanon } = await import('./run');
    return await runDicomanon(command.args, {
      stderr: process.stderr,
      env: process.env,
      version,
      workerScript: new URL(WORKER_FILE, import.meta.url),
      niftiWorkerScript: new URL(NIFTI_WORKER_FILE, import.meta.url),
      pendingKey,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`dicomanon: ${error.message}\n`);
      return 2;
    }
    // Not Node's message: it would quote a path.
    process.stderr.write(`dicomanon: unexpected error: ${describeFsError(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
