import { MAX_JSON_DEPTH, nestsDeeperThan, refuseDeepJson } from '../../api/json-depth';
import { ApiError } from '../../api/errors';

const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('the depth of a JSON body, read from its text', () => {
  it('counts objects and arrays inside one another, the outermost as 1', () => {
    expect(nestsDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":{}}]}', 3)).toBe(true);
    expect(nestsDeeperThan('[[],[],[[]]]', 3)).toBe(false);
    expect(nestsDeeperThan('1', 0)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '[[[[[[{{{{' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: 'say \\"[[[" twice"[[[' }), 1)).toBe(false);
    expect(nestsDeeperThan(`{"a\\"[[":[[1]]}`, 2)).toBe(true);
  });

  it(`refuses past ${MAX_JSON_DEPTH} levels as 400 too_deep, before any parse`, () => {
    const verify = (text: string, encoding = 'utf-8') =>
      refuseDeepJson(
        undefined as never,
        undefined as never,
        Buffer.from(text, encoding === 'utf-16le' ? 'utf16le' : 'utf8'),
        encoding,
      );
    expect(() => verify(nested(MAX_JSON_DEPTH))).not.toThrow();
    let refusal: unknown;
    try {
      verify(nested(100_000));
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 400, code: 'too_deep' });
    expect(() => verify(nested(MAX_JSON_DEPTH + 1), 'utf-16le')).toThrow(ApiError);
    expect(() => verify(nested(MAX_JSON_DEPTH + 1), 'utf-32')).toThrow(ApiError);
  });
});
