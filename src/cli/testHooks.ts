/**
 * Test hooks, honoured only when NODE_ENV is "test" (Vitest sets it) so that no environment
 * variable left in a user's shell can change what a real run does:
 * - DICOMANON_TEST_CRASH_ON=<text>: a worker exits (code 70) on a file whose name contains text;
 * - DICOMANON_TEST_HANG_ON=<text>: a worker spins forever on such a file (the timeout must stop it).
 */
import type { TestHooks } from './deidProtocol';

export function testHooksFromEnv(env: NodeJS.ProcessEnv): TestHooks {
  if (env.NODE_ENV !== 'test') return {};
  const hooks: { crashOn?: string; hangOn?: string } = {};
  if (env.DICOMANON_TEST_CRASH_ON) hooks.crashOn = env.DICOMANON_TEST_CRASH_ON;
  if (env.DICOMANON_TEST_HANG_ON) hooks.hangOn = env.DICOMANON_TEST_HANG_ON;
  return hooks;
}

export function applyTestHooks(hooks: TestHooks, fileName: string): void {
  if (hooks.crashOn && fileName.includes(hooks.crashOn)) process.exit(70);
  if (hooks.hangOn && fileName.includes(hooks.hangOn)) {
    // A busy loop, not a pending promise: the timeout must stop a worker that never yields.
    for (let spin = 0; spin >= 0; spin = (spin + 1) % 1e9);
  }
}
