// The command that starts crew's worker host for a pool with `handlers:`: this Node binary, the
// compiled worker entry (or its TypeScript source when crew itself runs from source), and tsx's
// loader when anything to load is TypeScript.
import { fileURLToPath } from 'node:url';

const TYPESCRIPT = /\.[cm]?tsx?$/;

export function workerArgv(handlersPath: string): string[] {
  const fromSource = TYPESCRIPT.test(fileURLToPath(import.meta.url));
  const main = fileURLToPath(
    new URL(`../worker/main.${fromSource ? 'ts' : 'js'}`, import.meta.url),
  );
  const loader =
    fromSource || TYPESCRIPT.test(handlersPath) ? ['--import', import.meta.resolve('tsx')] : [];
  return [process.execPath, ...loader, main];
}
