// Error messages may quote input ("invalid input syntax …: \"…\"", a JSON fragment of the
// complaint): before one is logged or recorded, quoted values and long digit runs (IIN/BIN) go.
export function scrubMessage(message: string): string {
  return message
    .replace(/"[^"]*"|'[^']*'|«[^»]*»/g, '"…"')
    .replace(/\{.*\}/gs, '{…}')
    .replace(/\d{6,}/g, '…')
    .slice(0, 500);
}
