import {
  computeCheckDigit,
  hasValidBinEntityType,
  hasValidCheckDigit,
  isValidBin,
  isValidIin,
  maskIdentificationNumber,
} from '../../domain/identification-number';

// An independent implementation of the check digit, written out from the official rule, so the
// tests do not just compare the module with itself.
const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
const weighted = (p: string, w: number[]) => [...p].reduce((sum, ch, i) => sum + Number(ch) * w[i], 0) % 11;
function checkDigitOf(prefix: string): number | null {
  const first = weighted(prefix, W1);
  if (first !== 10) return first;
  const second = weighted(prefix, W2);
  return second === 10 ? null : second;
}
/** Appends the right check digit to an 11-digit prefix (throws if no number may start with it). */
function withCheckDigit(prefix: string): string {
  const d = checkDigitOf(prefix);
  if (d === null) throw new Error(`no valid number starts with ${prefix}`);
  return prefix + d;
}
/** The same number with a different (wrong) last digit. */
const withWrongCheckDigit = (valid: string) => valid.slice(0, 11) + ((Number(valid[11]) + 1) % 10);

describe('check digit (R6)', () => {
  it('agrees with an independent implementation on many prefixes', () => {
    for (let i = 0; i < 5000; i++) {
      const prefix = String((i * 7919 + 12345) * 104729)
        .padStart(11, '0')
        .slice(-11);
      expect(computeCheckDigit(prefix)).toBe(checkDigitOf(prefix));
    }
  });

  it('uses the second weight pass when the first gives 10', () => {
    // Verified by hand: 8·1+7·2+0·3+4·4+1·5+2·6+3·7+0+0+0+0 = 76, 76 mod 11 = 10 → second pass:
    // 8·3+7·4+0·5+4·6+1·7+2·8+3·9+0+0+0+0 = 126, 126 mod 11 = 5.
    expect(computeCheckDigit('87041230000')).toBe(5);
    expect(isValidIin('870412300005')).toBe(true);
    expect(isValidIin('870412300000')).toBe(false); // the first pass's 10 is not a digit
  });

  it('rejects every number whose prefix gives 10 on both passes', () => {
    // Verified by hand for 87041230008: first pass 164 mod 11 = 10, second 142 mod 11 = 10.
    expect(computeCheckDigit('87041230008')).toBeNull();
    const found: string[] = [];
    for (let i = 0; i < 10_000 && found.length < 5; i++) {
      const prefix = '8704123' + String(i).padStart(4, '0');
      if (weighted(prefix, W1) === 10 && weighted(prefix, W2) === 10) found.push(prefix);
    }
    expect(found.length).toBeGreaterThan(0);
    for (const prefix of found) {
      expect(computeCheckDigit(prefix)).toBeNull();
      for (let d = 0; d <= 9; d++) {
        expect(isValidIin(prefix + d)).toBe(false);
        expect(hasValidCheckDigit(prefix + d)).toBe(false);
      }
    }
  });
});

describe('isValidIin', () => {
  it('accepts IINs verified by hand', () => {
    // 8+14+0+16+5+12+21+0+0+10+55 = 141, 141 mod 11 = 9
    expect(isValidIin('870412300159')).toBe(true);
    // all zeros: sum 0 → check digit 0 (well-formed even if never issued)
    expect(isValidIin('000000000000')).toBe(true);
  });

  it('accepts computed IINs, and rejects each with a wrong check digit', () => {
    for (const prefix of ['95010140001', '01020350012', '75123140123', '00101560999']) {
      const iin = withCheckDigit(prefix);
      expect(isValidIin(iin)).toBe(true);
      expect(isValidIin(withWrongCheckDigit(iin))).toBe(false);
    }
  });

  it('does not reject an IIN for its date part (since 2013 it need not be a birth date)', () => {
    // month 99, 31 February, month 00 / day 00, 7th digit 0: none is a real birth date
    for (const prefix of ['99999930001', '87023150012', '00000000001', '87041200015']) {
      expect(isValidIin(withCheckDigit(prefix))).toBe(true);
    }
  });

  it('rejects wrong length and non-digits', () => {
    for (const bad of [
      '',
      '87041230015',
      '8704123001590',
      '87041230015a',
      ' 870412300159',
      '8704-1230-0159',
      '８７０４１２３００１５９',
    ]) {
      expect(isValidIin(bad)).toBe(false);
    }
    expect(isValidIin(undefined as unknown as string)).toBe(false);
  });
});

describe('isValidBin', () => {
  it('accepts real, published BINs (check digits verified by hand)', () => {
    // Halyk Bank: 9·1+4·2+0·3+1·4+4·5+0+0+0+0+3·10+8·11 = 159, 159 mod 11 = 5
    expect(isValidBin('940140000385')).toBe(true);
    // Kaspi Bank: 9+14+3+8+20+0+0+0+9+30+11 = 104, 104 mod 11 = 5
    expect(isValidBin('971240001315')).toBe(true);
    // python-stdnum's example: 9+18+0+4+20+0+0+0+36+60+55 = 202, 202 mod 11 = 4
    expect(isValidBin('990140004654')).toBe(true);
  });

  it('accepts computed BINs of each entity type and rejects wrong check digits', () => {
    for (const prefix of ['24034000001', '15065000123', '19116030042', '08034100777']) {
      const bin = withCheckDigit(prefix);
      expect(isValidBin(bin)).toBe(true);
      expect(isValidBin(withWrongCheckDigit(bin))).toBe(false);
    }
  });

  it('rejects a 5th digit (entity type) other than 4, 5 or 6 even with a valid check digit', () => {
    for (const type of ['0', '1', '2', '3', '7', '8', '9']) {
      const bin = withCheckDigit(`2403${type}000001`);
      expect(hasValidCheckDigit(bin)).toBe(true);
      expect(hasValidBinEntityType(bin)).toBe(false);
      expect(isValidBin(bin)).toBe(false);
    }
  });

  it('rejects wrong length and non-digits', () => {
    for (const bad of ['', '94014000038', '9401400003850', '94014000038X', '940 140 000 385']) {
      expect(isValidBin(bad)).toBe(false);
    }
  });
});

describe('maskIdentificationNumber', () => {
  it('keeps only the last 4 characters', () => {
    expect(maskIdentificationNumber('870412300159')).toBe('********0159');
    expect(maskIdentificationNumber('940140000385')).toBe('********0385');
  });
  it('masks short input completely', () => {
    expect(maskIdentificationNumber('1234')).toBe('****');
    expect(maskIdentificationNumber('')).toBe('');
  });
});
