import { decimalPlaces } from './fields';

describe('decimalPlaces', () => {
  test.each([
    [0, 0], [12, 0], [12.5, 1], [0.1234, 4], [0.12345, 5], [0.1 + 0.2, 17],
    // exponent forms, which JSON.parse yields for tiny and huge numbers
    [1e-7, 7], [1.5e-7, 8], [5e-324, 324], [-5e-324, 324], [1e21, 0], [1.5e21, 0],
  ])('%d has %i decimal places', (value, places) => {
    expect(decimalPlaces(value)).toBe(places);
  });
});
