// How deep a JSON body may nest, checked on its text before it is parsed or walked. No request of
// the contract nests past 4 levels (a complaint's attachments, a codec payload's metadata); 32
// leaves room for any future shape, while 100 000 levels of `[` (256 KiB) would otherwise be parsed
// and then walked by the text rule (domain/text-rules.ts) at a cost of up to seconds.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors';

/** Objects and arrays inside one another, the outermost counted as 1. */
export const MAX_JSON_DEPTH = 32;

const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether the JSON text nests deeper than `max`: one pass, outside strings, never parsed. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPEN.has(c)) {
      if (++depth > max) return true;
    } else if (CLOSE.has(c)) depth--;
  }
  return false;
}

/** The body as text; a charset TextDecoder lacks (UTF-32) is scanned as bytes, where its brackets still show. */
function textOf(body: Buffer, encoding: string): string {
  try {
    return new TextDecoder(encoding || 'utf-8').decode(body);
  } catch {
    return body.toString('latin1');
  }
}

/**
 * The `verify` hook of express.json: runs on the raw body before JSON.parse, so a body nested
 * too deep is a 400 `too_deep` on every route that takes JSON, whatever the route.
 */
export function refuseDeepJson(_req: IncomingMessage, _res: ServerResponse, body: Buffer, encoding: string): void {
  if (nestsDeeperThan(textOf(body, encoding), MAX_JSON_DEPTH))
    throw new ApiError(
      400,
      'too_deep',
      `the request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`,
    );
}
