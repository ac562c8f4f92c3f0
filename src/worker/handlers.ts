// Loads a handlers module: job names are its export names (a default export that is an object
// adds its function properties, so names like "record-payment" work too).
import { pathToFileURL } from 'node:url';
import { CrewError } from '../errors/crew-error.js';
import type { JobHandler } from './context.js';

export type HandlerMap = ReadonlyMap<string, JobHandler>;

export function handlersOf(module: Record<string, unknown>): Map<string, JobHandler> {
  const found = new Map<string, JobHandler>();
  const add = (source: Record<string, unknown>) => {
    for (const [name, value] of Object.entries(source)) {
      if (name !== 'default' && typeof value === 'function') found.set(name, value as JobHandler);
    }
  };
  const fallback = module.default;
  if (typeof fallback === 'object' && fallback !== null) add(fallback as Record<string, unknown>);
  add(module);
  return found;
}

export async function loadHandlers(path: string): Promise<HandlerMap> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CrewError(
      'CREW_HANDLERS',
      `cannot import handlers ${path}: ${(error as Error).message}`,
      [(error as Error).stack?.split('\n').slice(1, 4).join('\n') ?? ''],
    );
  }
  const handlers = handlersOf(module);
  if (handlers.size === 0) {
    throw new CrewError('CREW_HANDLERS', `${path} exports no handler functions`, [
      'export async functions named by job, e.g. `export async function sendInvoice(data, ctx) {}`,',
      "or a default object: `export default { 'send-invoice': async (data, ctx) => {} }`",
    ]);
  }
  return handlers;
}
