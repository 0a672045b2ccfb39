import { DecisionContext } from '@crm/domain';
import { captureLead, markDormantIfInactive, openOpportunity, qualifyLead, tagLead } from '../index';
import { CommandService } from './command-service';
import { RequestOf } from './command-spec';

const decision: DecisionContext = { now: '2026-01-01T00:00:00.000Z', dormancyThresholdDays: 90 };
const contact = { name: 'Li Wei' };

describe('defineCommand', () => {
  it('fills only the generated ids the caller omitted, and echoes the target, generated and echoed ids', () => {
    let n = 0;
    const newId = () => `id-${n++}`;
    expect(captureLead.withIds({ source: 'web', contact }, newId)).toEqual({ leadId: 'id-0', source: 'web', contact });
    expect(captureLead.withIds({ leadId: 'mine', source: 'web', contact }, newId)).toEqual({ leadId: 'mine', source: 'web', contact });
    expect(tagLead.withIds({ leadId: 'l1', tags: ['a'] }, newId)).toEqual({ leadId: 'l1', tags: ['a'] });
    const open = openOpportunity.withIds({ customerId: 'c1', title: 'Upgrade' }, () => 'op1');
    expect(openOpportunity.ids(open)).toEqual({ opportunityId: 'op1', customerId: 'c1' });
    expect(openOpportunity.targetId(open)).toBe('op1');
    expect(openOpportunity.requires?.(open)).toEqual([{ aggregate: 'customer', id: 'c1', streamId: 'customer-c1' }]);
  });

  it('builds the domain command it names, and records the sweep under the name clients send', () => {
    expect(qualifyLead.toCommand({ leadId: 'l1', customerId: 'c1' }, decision)).toEqual({ type: 'QualifyLead', data: { leadId: 'l1', customerId: 'c1' }, metadata: decision });
    expect([qualifyLead.type, qualifyLead.commandType]).toEqual(['QualifyLead', 'QualifyLead']);
    expect([markDormantIfInactive.type, markDormantIfInactive.commandType]).toEqual(['MarkDormantIfInactive', 'DetectDormancy']);
  });

  // The compiler is the test here: `npm run typecheck` fails on any @ts-expect-error whose line compiles.
  it('keeps the command types end to end: a request or input that does not fit its command does not compile', () => {
    const service = { execute: jest.fn() } as unknown as CommandService;
    const context = { actor: 'a', commandId: 'c', correlationId: 'c', causationId: 'c', now: decision.now };
    const typed = () => {
      // @ts-expect-error the target id is a string
      void service.execute(captureLead, { leadId: 1, source: 'web', contact }, context);
      // @ts-expect-error the command service takes the input with its ids filled in
      void service.execute(captureLead, { source: 'web', contact }, context);
      // @ts-expect-error not a lead source
      void service.execute(captureLead, { leadId: 'l1', source: 'fax', contact }, context);
      // @ts-expect-error another command's data
      void service.execute(tagLead, { leadId: 'l1', customerId: 'c1' }, context);
      // @ts-expect-error the sweep's share needs its asOf and threshold
      const partial: RequestOf<typeof markDormantIfInactive> = { customerId: 'c1' };
      // @ts-expect-error a spec's name is its command's
      const name: 'CaptureLead' = qualifyLead.type;
      const request: RequestOf<typeof captureLead> = { source: 'web', contact };
      return [partial, name, request];
    };
    expect(typed).toBeInstanceOf(Function);
  });
});
