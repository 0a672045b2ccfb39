import { AggregateNotFound } from '../core/domain-errors';
import { context, givenWhen, NOW, refused } from '../testing/given-when-then';
import { LeadCommand } from './lead.commands';
import { leadDecider } from './lead.decider';
import { LeadCaptured, LeadEvent } from './lead.events';

const contact = { name: 'Li Wei', company: 'Acme', email: 'li@acme.test', industry: 'retail', region: 'east' };
const captured: LeadCaptured = {
  type: 'LeadCaptured',
  data: { leadId: 'l1', source: 'seo', contact, tags: ['retail'], capturedAt: '2026-01-01T00:00:00.000Z' },
};
const qualified: LeadEvent = {
  type: 'LeadQualified',
  data: { leadId: 'l1', customerId: 'c1', at: NOW, source: 'seo', contact, tags: ['retail'] },
};
const disqualified: LeadEvent = { type: 'LeadDisqualified', data: { leadId: 'l1', reason: 'no-budget', at: NOW } };

const cmd = <T extends LeadCommand['type']>(type: T, data: Extract<LeadCommand, { type: T }>['data']) =>
  ({ type, data, metadata: context() }) as LeadCommand;

describe('lead decider', () => {
  test.each<{ name: string; given: LeadEvent[]; when: LeadCommand; then: unknown }>([
    {
      name: 'capturing a new lead records source, contact and de-duplicated tags at business now',
      given: [],
      when: cmd('CaptureLead', { leadId: 'l1', source: 'seo', contact, tags: ['retail', 'retail', 'vip'] }),
      then: [{ type: 'LeadCaptured', data: { leadId: 'l1', source: 'seo', contact, tags: ['retail', 'vip'], capturedAt: NOW } }],
    },
    {
      name: 'capturing keeps an imported capture time',
      given: [],
      when: cmd('CaptureLead', { leadId: 'l1', source: 'import', contact, capturedAt: '2017-01-05T00:00:00.000Z' }),
      then: [expect.objectContaining({ data: expect.objectContaining({ capturedAt: '2017-01-05T00:00:00.000Z', tags: [] }) })],
    },
    {
      name: 'capturing an existing lead is refused',
      given: [captured],
      when: cmd('CaptureLead', { leadId: 'l1', source: 'seo', contact }),
      then: refused('RuleViolation', 'lead-already-captured'),
    },
    {
      name: 'tagging adds only the tags the lead does not have',
      given: [captured],
      when: cmd('TagLead', { leadId: 'l1', tags: ['retail', 'hot', 'hot'] }),
      then: [{ type: 'LeadTagged', data: { leadId: 'l1', tags: ['hot'], taggedAt: NOW } }],
    },
    {
      name: 'tagging with tags already present records nothing',
      given: [captured],
      when: cmd('TagLead', { leadId: 'l1', tags: ['retail'] }),
      then: [],
    },
    {
      name: 'tagging an unknown lead is not found',
      given: [],
      when: cmd('TagLead', { leadId: 'l1', tags: ['x'] }),
      then: refused('AggregateNotFound'),
    },
    {
      name: 'qualifying an open lead carries its contact and source to the customer',
      given: [captured],
      when: cmd('QualifyLead', { leadId: 'l1', customerId: 'c1', score: 80 }),
      then: [
        {
          type: 'LeadQualified',
          data: { leadId: 'l1', customerId: 'c1', score: 80, note: undefined, at: NOW, source: 'seo', campaign: undefined, contact, tags: ['retail'] },
        },
      ],
    },
    {
      name: 'qualifying a qualified lead is refused',
      given: [captured, qualified],
      when: cmd('QualifyLead', { leadId: 'l1', customerId: 'c2' }),
      then: refused('RuleViolation', 'lead-already-qualified'),
    },
    {
      name: 'qualifying a disqualified lead is refused',
      given: [captured, disqualified],
      when: cmd('QualifyLead', { leadId: 'l1', customerId: 'c2' }),
      then: refused('RuleViolation', 'lead-already-disqualified'),
    },
    {
      name: 'disqualifying an open lead records the reason',
      given: [captured],
      when: cmd('DisqualifyLead', { leadId: 'l1', reason: 'duplicate', note: 'same as l0', at: '2026-02-01T00:00:00.000Z' }),
      then: [{ type: 'LeadDisqualified', data: { leadId: 'l1', reason: 'duplicate', note: 'same as l0', at: '2026-02-01T00:00:00.000Z' } }],
    },
    {
      name: 'disqualifying a qualified lead is refused',
      given: [captured, qualified],
      when: cmd('DisqualifyLead', { leadId: 'l1', reason: 'invalid' }),
      then: refused('RuleViolation', 'lead-already-qualified'),
    },
    {
      name: 'disqualifying twice is refused',
      given: [captured, disqualified],
      when: cmd('DisqualifyLead', { leadId: 'l1', reason: 'invalid' }),
      then: refused('RuleViolation', 'lead-already-disqualified'),
    },
  ])('$name', ({ given, when, then }) => {
    expect(givenWhen(leadDecider, given, when)).toEqual(then);
  });

  it('names the missing lead', () => {
    const error = givenWhen(leadDecider, [], cmd('QualifyLead', { leadId: 'nope', customerId: 'c' }));
    expect(error).toBeInstanceOf(AggregateNotFound);
    expect((error as AggregateNotFound).id).toBe('nope');
  });
});
