import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonWith } from './canonical-json';

describe('canonicalJson', () => {
  it('writes exactly what the canonicalize package writes, for any JSON value (the stored hashes depend on it)', () => {
    const value = fc.jsonValue({ maxDepth: 4 });
    const withOddities = fc.oneof(value, fc.dictionary(fc.string({ maxLength: 4, unit: 'binary' }), fc.oneof(value, fc.constant(undefined), fc.date({ noInvalidDate: true }))));
    fc.assert(fc.property(withOddities, (input) => expect(canonicalJson(input)).toBe(canonicalize(input))), { numRuns: 2_000, seed: 8785 });
  });

  it.each([
    ['keys sorted by code unit', { b: 1, a: [true, null, 'x'], é: 2, Z: 0 }, '{"Z":0,"a":[true,null,"x"],"b":1,"é":2}'],
    ['undefined members left out, undefined items as null', { a: undefined, b: [undefined, 1] }, '{"b":[null,1]}'],
    ['numbers as JSON writes them', { n: [1e21, 0.1, -0, 5e-7] }, '{"n":[1e+21,0.1,0,5e-7]}'],
    ['a Date through toJSON', { at: new Date('2026-01-02T03:04:05.000Z') }, '{"at":"2026-01-02T03:04:05.000Z"}'],
  ])('%s', (_case, input, expected) => expect(canonicalJson(input)).toBe(expected));

  it('writes a record with one member added or replaced as the spread copy would be written', () => {
    const record = fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(record, fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), (input, key, value) =>
        expect(canonicalJsonWith(input, key, value)).toBe(canonicalize({ ...input, [key]: value })),
      ),
      { numRuns: 1_000, seed: 8786 },
    );
  });

  it('refuses NaN and Infinity, as the hash must never cover them', () => {
    expect(() => canonicalJson({ n: NaN })).toThrow('NaN is not allowed');
    expect(() => canonicalJson([Infinity])).toThrow('Infinity is not allowed');
  });
});
