// GRIDFLOW_TRUSTED_PROXY as an operator writes it: hop counts and address lists are taken, anything
// that would let a client choose its own address, or that is not an address, stops startup naming it.
import { parseTrustedProxy } from '../../server/http/trusted-proxy';

test('unset or blank: no proxy is trusted', () => {
  expect(parseTrustedProxy(undefined)).toBeUndefined();
  expect(parseTrustedProxy('  ')).toBeUndefined();
});

test('a hop count, or a list of addresses, CIDR ranges and named ranges', () => {
  expect(parseTrustedProxy('1')).toBe(1);
  expect(parseTrustedProxy('10.0.0.5, 192.168.0.0/16,::1, fd00::/8,loopback')).toEqual(['10.0.0.5', '192.168.0.0/16', '::1', 'fd00::/8', 'loopback']);
});

test.each([
  ['true', /"true" is not an IP address/],
  ['0', /0 hops/],
  ['10.0.0.300', /"10.0.0.300"/],
  ['10.0.0.0/33', /"10.0.0.0\/33"/],
  ['proxy.example', /"proxy.example"/],
])('%s is refused with a message naming it', (value, message) => {
  expect(() => parseTrustedProxy(value)).toThrow(message);
});
