import { encodeCursor, decodeCursor } from '../cursor';
import { fromStored, guardPosition, keysetFilter, toMongoFilter, toStored, toWriteModel } from './mongo-mapping';

describe('MongoDB read store mapping', () => {
  it('stores our id as _id and hides the position guard on read', () => {
    expect(toStored({ id: 'c1', name: 'Acme' })).toEqual({ _id: 'c1', name: 'Acme' });
    expect(fromStored({ _id: 'c1', name: 'Acme', _pos: guardPosition('12') })).toEqual({ id: 'c1', name: 'Acme' });
  });

  it('translates equality, membership and ranges', () => {
    expect(toMongoFilter({ region: 'east', kind: ['a', 'b'], netValueMinor: { gte: 5, lt: 9 }, vip: true, owner: null })).toEqual({
      region: 'east',
      kind: { $in: ['a', 'b'] },
      netValueMinor: { $gte: 5, $lt: 9 },
      vip: true,
      owner: null,
    });
  });

  it('refuses field names that are not plain identifiers', () => {
    expect(() => toMongoFilter({ '$where': 'x' })).toThrow(/invalid read-model field name/);
    expect(() => toWriteModel({ type: 'patch', collection: 'c', id: 'x', set: { 'a.b': 1 } })).toThrow(/invalid read-model field name/);
  });

  it.each([
    ['asc', 5, { $or: [{ revenue: { $gt: 5 } }, { revenue: 5, _id: { $gt: 'k' } }] }],
    ['desc', 5, { $or: [{ revenue: { $lt: 5 } }, { revenue: 5, _id: { $lt: 'k' } }, { revenue: null }] }],
    ['asc', null, { $or: [{ revenue: { $ne: null } }, { revenue: null, _id: { $gt: 'k' } }] }],
    ['desc', null, { revenue: null, _id: { $lt: 'k' } }],
  ] as const)('pages %s after %p with ties broken by id', (direction, value, expected) => {
    const cursor = decodeCursor(encodeCursor({ value, id: 'k' }));
    expect(keysetFilter('revenue', direction, cursor)).toEqual(expected);
  });

  it('pages by id when unsorted', () => {
    expect(keysetFilter(undefined, 'asc', { value: 'k', id: 'k' })).toEqual({ _id: { $gt: 'k' } });
  });

  it('builds plain bulk operations inside a transaction', () => {
    expect(toWriteModel({ type: 'upsert', collection: 'c', document: { id: 'a', n: 1 } })).toEqual({
      replaceOne: { filter: { _id: 'a' }, replacement: { n: 1 }, upsert: true },
    });
    expect(toWriteModel({ type: 'patch', collection: 'c', id: 'a', set: { s: 'x' }, inc: { n: 2 }, push: { tags: 't' }, remove: ['old'], upsert: true })).toEqual({
      updateOne: { filter: { _id: 'a' }, update: { $set: { s: 'x' }, $inc: { n: 2 }, $push: { tags: 't' }, $unset: { old: '' } }, upsert: true },
    });
    expect(toWriteModel({ type: 'delete', collection: 'c', id: 'a' })).toEqual({ deleteOne: { filter: { _id: 'a' } } });
  });

  it('guards and stamps every write with the batch position when there are no transactions', () => {
    const guard = { $or: [{ _pos: { $exists: false } }, { _pos: { $lt: guardPosition('42') } }] };
    expect(toWriteModel({ type: 'upsert', collection: 'c', document: { id: 'a', n: 1 } }, '42')).toEqual({
      replaceOne: { filter: { _id: 'a', ...guard }, replacement: { n: 1, _pos: guardPosition('42') }, upsert: true },
    });
    expect(toWriteModel({ type: 'patch', collection: 'c', id: 'a', inc: { n: 1 } }, '42')).toEqual({
      updateOne: { filter: { _id: 'a', ...guard }, update: { $set: { _pos: guardPosition('42') }, $inc: { n: 1 } }, upsert: false },
    });
  });

  it('pads positions so they compare in order as strings', () => {
    expect(guardPosition('9') < guardPosition('10')).toBe(true);
    expect(guardPosition('18446744073709551616') > guardPosition('9999')).toBe(true);
  });
});
