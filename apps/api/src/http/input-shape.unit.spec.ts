import { inputShapeProblem } from './input-shape';

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('inputShapeProblem', () => {
  test.each<[string, unknown, number, string | undefined]>([
    ['a flat body', { a: 1, b: 'x' }, 3, undefined],
    ['arrays and objects exactly at the limit', { lines: [{ unitPrice: 1 }] }, 3, undefined],
    ['one level past the limit', { lines: [{ tags: ['x'] }] }, 3, 'lines[0].tags'],
    ['an unknown field nested 100,000 deep (no stack overflow)', { x: nested(100_000) }, 16, `x${'[0]'.repeat(15)}`],
    ['scalars never count as a level', nested(3, 'leaf'), 3, undefined],
  ])('depth: %s', (_label, value, max, field) => {
    expect(inputShapeProblem(value, max)?.field).toBe(field);
  });

  test.each<[string, string, string]>([
    ['a top-level __proto__ (JSON.parse makes it an own key)', '{"customerId":"c1","__proto__":{"x":1}}', '__proto__'],
    ['a top-level constructor', '{"constructor":{"x":1}}', 'constructor'],
    ['a custom field named toString', '{"customFields":{"ok":1,"toString":"a"}}', 'customFields.toString'],
    ['a nested hasOwnProperty', '{"lines":[{"hasOwnProperty":1}]}', 'lines[0].hasOwnProperty'],
  ])('reserved keys: %s', (_label, json, field) => {
    expect(inputShapeProblem(JSON.parse(json))).toEqual({ field, message: expect.stringMatching(/reserved name/) });
  });

  it('lets ordinary keys that merely contain a reserved word through', () => {
    expect(inputShapeProblem({ customFields: { constructorName: 'x', toStringy: 1, value: 2 } })).toBeUndefined();
  });
});
