/**
 * Kazakhstan identification numbers (R6): the IIN of an individual and the BIN of a legal
 * entity. Both are 12 digits whose last digit is a mod-11 check digit (Rules for forming
 * IIN/BIN, Government Decree No. 406 of 22 May 2007).
 *
 * Pure module: imported by Temporal workflow code, so no I/O, no clock, no Node modules.
 */

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;

const TWELVE_DIGITS = /^\d{12}$/;
const ELEVEN_DIGITS = /^\d{11}$/;

/**
 * The check digit for the first 11 digits, or `null` when no number may start with them
 * (the weighted sum is 10 mod 11 with both weight sets).
 */
export function computeCheckDigit(first11: string): number | null {
  if (!ELEVEN_DIGITS.test(first11)) return null;
  for (const weights of [FIRST_WEIGHTS, SECOND_WEIGHTS]) {
    let sum = 0;
    for (let i = 0; i < 11; i++) sum += Number(first11[i]) * weights[i];
    const rest = sum % 11;
    if (rest !== 10) return rest;
  }
  return null;
}

/** 12 digits and the 12th is the check digit of the first 11. */
export function hasValidCheckDigit(s: string): boolean {
  if (typeof s !== 'string' || !TWELVE_DIGITS.test(s)) return false;
  const expected = computeCheckDigit(s.slice(0, 11));
  return expected !== null && expected === Number(s[11]);
}

/**
 * A valid IIN: 12 digits with a valid check digit. The first six digits are not checked as
 * a birth date on purpose: since 2013 an IIN need not encode the date of birth (SPEC).
 */
export function isValidIin(s: string): boolean {
  return hasValidCheckDigit(s);
}

/**
 * The 5th digit of a BIN is the entity type: 4 resident legal entity, 5 non-resident legal
 * entity, 6 individual entrepreneur in joint entrepreneurship (IP(S)). This is part of the
 * official structure (Decree No. 406; the OECD "Kazakhstan TIN" sheet; python-stdnum's
 * kz.bin checks it too) and every real BIN we could verify follows it, so it is checked.
 * The other structural parts (YYMM of registration, 6th digit 0-3 for head office / branch /
 * representative office / peasant farm) are deliberately NOT checked: numbers assigned at
 * re-registration carry historical dates, and rejecting a real complainant costs more than
 * accepting a well-formed number with a valid check digit.
 */
export function hasValidBinEntityType(s: string): boolean {
  return typeof s === 'string' && TWELVE_DIGITS.test(s) && ['4', '5', '6'].includes(s[4]);
}

/** A valid BIN: 12 digits, entity type digit 4/5/6, valid check digit. */
export function isValidBin(s: string): boolean {
  return hasValidBinEntityType(s) && hasValidCheckDigit(s);
}

/**
 * Masks an IIN/BIN for logs and receipts: only the last 4 characters stay visible,
 * e.g. `870412300159` → `********0159`. Inputs of 4 characters or fewer are fully masked.
 */
export function maskIdentificationNumber(s: string): string {
  const value = typeof s === 'string' ? s : '';
  if (value.length <= 4) return '*'.repeat(value.length);
  return '*'.repeat(value.length - 4) + value.slice(-4);
}
