import { LifecycleAnswer, activityPeriods, lifecycleLine, lifecyclePoints } from './lifecycle-data';

const answer = (history: [string, string, string][]): LifecycleAnswer => ({
  funnelStage: history.at(-1)?.[1] ?? 'prospect',
  activity: history.at(-1)?.[2] ?? 'active',
  history: history.map(([at, funnelStage, activity]) => ({ at, funnelStage, activity, eventType: 'SomethingHappened' })),
});
const day = (iso: string) => Date.parse(iso);

describe('the lifecycle chart data', () => {
  test.each<{ name: string; given: [string, string, string][]; then: [number, number, string][] }>([
    { name: 'no history: no points', given: [], then: [] },
    {
      name: 'stages from the bottom up, lost below them all',
      given: [
        ['2024-01-01T00:00:00Z', 'prospect', 'active'],
        ['2024-02-01T00:00:00Z', 'customer', 'active'],
        ['2024-03-01T00:00:00Z', 'repeat-customer', 'active'],
        ['2024-04-01T00:00:00Z', 'lost', 'active'],
      ],
      then: [
        [day('2024-01-01T00:00:00Z'), 1, 'active'],
        [day('2024-02-01T00:00:00Z'), 3, 'active'],
        [day('2024-03-01T00:00:00Z'), 4, 'active'],
        [day('2024-04-01T00:00:00Z'), 0, 'active'],
      ],
    },
    {
      name: 'out of order in the answer: drawn in business-time order',
      given: [
        ['2024-05-01T00:00:00Z', 'customer', 'reawakened'],
        ['2024-01-01T00:00:00Z', 'customer', 'active'],
        ['2024-04-01T00:00:00Z', 'customer', 'dormant'],
      ],
      then: [
        [day('2024-01-01T00:00:00Z'), 3, 'active'],
        [day('2024-04-01T00:00:00Z'), 3, 'dormant'],
        [day('2024-05-01T00:00:00Z'), 3, 'reawakened'],
      ],
    },
    {
      name: 'an unreadable time or an unknown stage: left out of the chart',
      given: [
        ['not a time', 'customer', 'active'],
        ['2024-01-01T00:00:00Z', 'champion', 'active'],
        ['2024-02-01T00:00:00Z', 'opportunity', 'active'],
      ],
      then: [[day('2024-02-01T00:00:00Z'), 2, 'active']],
    },
  ])('$name', ({ given, then }) => {
    expect(lifecyclePoints(answer(given)).map((point) => [point.x, point.y, point.activity])).toEqual(then);
  });
});

describe('the activity periods', () => {
  test.each<{ name: string; given: [string, string, string][]; then: { activity: string; from: number; to?: number }[] }>([
    { name: 'none without history', given: [], then: [] },
    {
      name: 'one open period while the activity does not change',
      given: [
        ['2024-01-01T00:00:00Z', 'prospect', 'active'],
        ['2024-02-01T00:00:00Z', 'customer', 'active'],
      ],
      then: [{ activity: 'active', from: day('2024-01-01T00:00:00Z') }],
    },
    {
      name: 'active, dormant, reawakened: each closed by the next',
      given: [
        ['2024-01-01T00:00:00Z', 'customer', 'active'],
        ['2024-04-01T00:00:00Z', 'customer', 'dormant'],
        ['2024-05-01T00:00:00Z', 'customer', 'reawakened'],
        ['2024-06-01T00:00:00Z', 'repeat-customer', 'reawakened'],
      ],
      then: [
        { activity: 'active', from: day('2024-01-01T00:00:00Z'), to: day('2024-04-01T00:00:00Z') },
        { activity: 'dormant', from: day('2024-04-01T00:00:00Z'), to: day('2024-05-01T00:00:00Z') },
        { activity: 'reawakened', from: day('2024-05-01T00:00:00Z') },
      ],
    },
  ])('$name', ({ given, then }) => {
    expect(activityPeriods(lifecyclePoints(answer(given)))).toEqual(then);
  });
});

describe('the lifecycle line', () => {
  const history: [string, string, string][] = [
    ['2024-01-01T00:00:00Z', 'prospect', 'active'],
    ['2024-02-01T00:00:00Z', 'customer', 'active'],
  ];
  test.each<{ name: string; lastActivityAt?: string; then: [number, number, string][] }>([
    { name: 'carried on to a later last activity, at the last stage', lastActivityAt: '2024-06-01T00:00:00Z', then: [[day('2024-01-01T00:00:00Z'), 1, 'SomethingHappened'], [day('2024-02-01T00:00:00Z'), 3, 'SomethingHappened'], [day('2024-06-01T00:00:00Z'), 3, 'last activity']] },
    { name: 'not when the last activity is the last change', lastActivityAt: '2024-02-01T00:00:00Z', then: [[day('2024-01-01T00:00:00Z'), 1, 'SomethingHappened'], [day('2024-02-01T00:00:00Z'), 3, 'SomethingHappened']] },
    { name: 'not without a last activity', then: [[day('2024-01-01T00:00:00Z'), 1, 'SomethingHappened'], [day('2024-02-01T00:00:00Z'), 3, 'SomethingHappened']] },
  ])('$name', ({ lastActivityAt, then }) => {
    expect(lifecycleLine({ ...answer(history), lastActivityAt }).map((point) => [point.x, point.y, point.eventType])).toEqual(then);
  });
});
