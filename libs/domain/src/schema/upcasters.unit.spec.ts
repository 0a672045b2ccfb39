import { currentSchemaVersion, upcast } from './upcasters';

describe('upcasters', () => {
  test.each([
    ['a v1 interaction: actor becomes handledBy', 'InteractionLogged', { summary: 's', actor: 'eng-1' }, 1, { summary: 's', handledBy: 'eng-1' }],
    ['a v1 interaction without an actor stays without one', 'InteractionLogged', { summary: 's' }, 1, { summary: 's' }],
    ['a current interaction passes unchanged', 'InteractionLogged', { summary: 's', handledBy: 'eng-1' }, 2, { summary: 's', handledBy: 'eng-1' }],
    ['an event type that never changed passes unchanged', 'LeadTagged', { tags: ['a'] }, 1, { tags: ['a'] }],
  ])('%s', (_name, type, data, version, expected) => {
    expect(upcast(type, data, version)).toEqual(expected);
  });

  it('writes new interactions as v2 and everything else as v1', () => {
    expect([currentSchemaVersion('InteractionLogged'), currentSchemaVersion('LeadCaptured')]).toEqual([2, 1]);
  });

  it('refuses an event newer than the code understands rather than guessing', () => {
    expect(() => upcast('LeadTagged', {}, 2)).toThrow(/newer than this server understands/);
  });
});
