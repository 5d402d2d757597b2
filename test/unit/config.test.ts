import { readConfig } from '../../platform/config';

describe('TRUST_PROXY', () => {
  const trustOf = (value: string | undefined) => readConfig({ TRUST_PROXY: value }).TRUST_PROXY;

  it('trusts no proxy unless set', () => {
    expect(trustOf(undefined)).toBe(false);
    expect(trustOf('false')).toBe(false);
  });

  it("takes Express's trust proxy values: a hop count, addresses, subnets and named ranges", () => {
    expect(trustOf('1')).toBe(1);
    expect(trustOf('loopback, 10.0.0.0/8,fd00::/8, 192.168.1.10')).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.168.1.10',
    ]);
    expect(trustOf('10.0.0.0/255.0.0.0')).toEqual(['10.0.0.0/255.0.0.0']);
  });

  it('refuses true (every sender trusted) and what is not an address', () => {
    expect(() => trustOf('true')).toThrow(/TRUST_PROXY: true would trust every sender/);
    expect(() => trustOf('loopback,proxy.example')).toThrow(/TRUST_PROXY: not an address.*proxy\.example/);
    expect(() => trustOf('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
  });
});
