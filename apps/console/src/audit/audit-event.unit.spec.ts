import { eventAt, eventHref } from './audit-event';

describe("an event's place in the console's address", () => {
  test.each<{ rest: string; then: ReturnType<typeof eventAt> }>([
    { rest: 'customer-c1/0', then: { streamId: 'customer-c1', version: 0 } },
    { rest: 'customer-c1/12', then: { streamId: 'customer-c1', version: 12 } },
    { rest: 'odd/stream/3', then: { streamId: 'odd/stream', version: 3 } },
    { rest: 'customer-c1', then: undefined },
    { rest: '/3', then: undefined },
    { rest: 'customer-c1/-1', then: undefined },
    { rest: 'customer-c1/one', then: undefined },
    { rest: 'customer-c1/1.5', then: undefined },
    { rest: 'customer-c1/', then: undefined },
  ])('$rest', ({ rest, then }) => {
    expect(eventAt(rest)).toEqual(then);
  });

  it('links to a stream id with any characters, which the route gives back decoded', () => {
    const href = eventHref('odd/stream #1', 4);
    expect(href).toBe('#/audit/odd%2Fstream%20%231/4');
    const rest = href.replace('#/audit/', '').split('/').map(decodeURIComponent).join('/');
    expect(eventAt(rest)).toEqual({ streamId: 'odd/stream #1', version: 4 });
  });
});
