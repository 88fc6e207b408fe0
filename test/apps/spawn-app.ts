/** Runs a wasm program in a child process (`run-app-cli.ts` under vite-node) with piped stdio. */

import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './build-apps.js';

/** Spawns the app runner CLI in a child process with piped stdio. */
export function spawnApp(wasm: string, args: string[], engine: string) {
  const viteNode = path.join(REPO_ROOT, 'node_modules', '.bin', 'vite-node');
  const child = spawn(viteNode, [path.join(REPO_ROOT, 'test', 'apps', 'run-app-cli.ts'), wasm, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, KPIO_ENGINE: engine },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of waiters.splice(0)) {
      if (stdout.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    /** Resolves once stdout contains `text`. */
    waitFor(text: string): Promise<void> {
      if (stdout.includes(text)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ text, resolve }));
    },
    async done() {
      const code = await exited;
      return { code, stdout, stderr };
    },
  };
}

