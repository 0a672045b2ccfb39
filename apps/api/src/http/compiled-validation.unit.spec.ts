import { ValidationPipe } from '@nestjs/common';
import { Expose } from 'class-transformer';
import { IsString, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { COMMAND_ROUTES } from '../commands/command-routes';
import { DetectDormancyDto } from '../commands/dto/customer.dto';
import { AdvanceStageDto } from '../commands/dto/opportunity.dto';
import { compiledBody } from './compiled-validation';
import { STRICT_VALIDATION, StrictValidationPipe } from './validation.pipe';

/**
 * The compiled plans against class-validator itself (the pipe without its fast path), body by
 * body: whatever the full pipe accepts, the plan builds the same instance or leaves to it; whatever
 * it refuses, the plan leaves to it. The bodies: a few valid ones per DTO, and every variant of
 * them with one field dropped, replaced by a junk value, or added.
 */
const full = new ValidationPipe(STRICT_VALIDATION);
const fullVerdict = async (target: Function, json: string): Promise<object | 'refused'> => {
  try {
    return (await full.transform(JSON.parse(json), { type: 'body', metatype: target as never })) as object;
  } catch {
    return 'refused';
  }
};

const line = { productId: 'p1', quantity: 2, unitPrice: 40, unitCost: 25 };
const VALID: Record<string, object[]> = {
  CaptureLeadDto: [
    { source: 'web', contact: { name: 'Li Wei' } },
    { leadId: 'l1', source: 'referral', campaign: 'Spring', contact: { name: 'Li', company: 'Acme', email: 'li@acme.test', phone: '1', industry: 'x', region: 'EMEA' }, tags: ['a', 'b c'], capturedAt: '2026-03-01' },
  ],
  TagLeadDto: [{ leadId: 'l1', tags: ['vip'] }, { leadId: 'l1', tags: [] }],
  QualifyLeadDto: [{ leadId: 'l1' }, { leadId: 'l1', customerId: 'c1', score: 99.5, note: 'ok', at: '2026-03-01T10:00:00+02:00' }],
  DisqualifyLeadDto: [{ leadId: 'l1', reason: 'duplicate' }, { leadId: 'l1', reason: 'other', note: 'n', at: '2026-03-01T10:00:00Z' }],
  RegisterCustomerDto: [
    { name: 'Acme' },
    { customerId: 'c1', name: 'Acme', ownerId: 'ana', company: 'Acme', industry: 'retail', region: 'EMEA', size: '10', email: 'a@b.c', phone: '1', customFields: { tier: 'gold', seats: 3, active: true }, currency: 'EUR', registeredAt: '2026-01-01T00:00:00.000Z' },
  ],
  UpdateCustomerProfileDto: [{ customerId: 'c1' }, { customerId: 'c1', name: 'B', customFields: { tier: null, seats: 4 }, currency: 'USD' }],
  AssignOwnerDto: [{ customerId: 'c1', ownerId: 'ana' }],
  LogInteractionDto: [
    { customerId: 'c1', channel: 'call', direction: 'inbound', kind: 'follow-up', summary: 'Checked in' },
    { customerId: 'c1', interactionId: 'i1', channel: 'email', direction: 'outbound', kind: 'survey', summary: 's', actor: 'rep', occurredAt: '2026-05-01', satisfaction: { perceived: 7.5, expected: 8 } },
  ],
  RecordPurchaseDto: [
    { customerId: 'c1', orderId: 'o1', lines: [line] },
    { customerId: 'c1', orderId: 'o1', occurredAt: '2026-05-01T12:00:00Z', lines: [line, { productId: 'p2', quantity: 0.5, unitPrice: 0 }] },
  ],
  RecordPaymentDto: [{ customerId: 'c1', orderId: 'o1', amount: 10.25 }],
  RecordCostDto: [{ customerId: 'c1', category: 'support', amount: 3 }, { customerId: 'c1', costId: 'k1', category: 'other', amount: 0, occurredAt: '2026-01-02', note: 'n' }],
  ForgetCustomerDto: [{ customerId: 'c1', reason: 'asked to be forgotten' }],
  OpenOpportunityDto: [{ customerId: 'c1', title: 'Renewal' }, { opportunityId: 'o1', customerId: 'c1', title: 'T', expectedValue: 100, ownerId: 'ana', openedAt: '2026-01-01' }],
  AdvanceStageDto: [{ opportunityId: 'o1', toStage: 'proposal' }, { opportunityId: 'o1', toStage: 'prospecting', reason: 'back', at: '2026-02-01' }],
  RecordQuoteDto: [{ opportunityId: 'o1', amount: 5 }, { opportunityId: 'o1', amount: 5, validUntil: '2026-09-01', at: '2026-08-01' }],
  WinOpportunityDto: [{ opportunityId: 'o1', value: 500 }],
  LoseOpportunityDto: [{ opportunityId: 'o1', reason: 'price' }, { opportunityId: 'o1', reason: 'price', competitor: 'X', at: '2026-08-01' }],
  DetectDormancyDto: [{}, { asOf: '2026-08-01', thresholdDays: 30 }],
};

const many = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));
const JUNK: unknown[] = [
  // limits, at and past them
  'x'.repeat(200), 'x'.repeat(201), 'x'.repeat(4000), 'x'.repeat(4001),
  1e9, 1e9 + 1, 1e12, 1e12 + 1, 100, 100.5, 3650, 3651, 10, 10.00001,
  // arrays of mixed items, and items that are not objects
  [line, { productId: 'p', quantity: -1, unitPrice: 1 }], [line, 7], [[line]], [[]], [null], [line, null], ['a', 1], ['a', 'b,c'],
  // custom fields' values
  { a: {} }, { a: [] }, { a: null }, { a: 'x', b: 2, c: false }, Object.fromEntries(many(101, (i) => [`k${i}`, i] as const)), { '1a': 'x' },
  'x\uD800y', '\uDC00', '😀', '\u200B', 'a\u200Bb', ['t\uD800'], { k: '\uDFFF' },
  null, 0, -1, 1.5, 1e-7, 1e300, 0.12345, '', ' ', 'x', 'x'.repeat(5000), 'a,b', '2026-02-30', '2026-01-01T00:00', '2026-01-01T10:00:00+01:00', 'EUR', 'call',
  true, [], [1], ['a'], [{}], [line], {}, { a: 1 }, { name: 'n' }, { perceived: 1, expected: 2 }, { productId: 'p', quantity: 1, unitPrice: 1 },
];
/** Junk too big to try on every field: only on its own. */
const JUNK_FOR: Record<string, unknown[]> = {
  tags: [many(50, (i) => `t${i}`), many(51, (i) => `t${i}`)],
  lines: [many(5000, () => line), many(5001, () => line)],
};
const EXTRA_KEYS = ['extra', 'constructor', 'toString', 'hasOwnProperty', '__proto__'];

/** JSON texts of a body's variants (JSON keeps an own `__proto__` key as a field, as the server's parser does). */
function variants(body: Record<string, unknown>, depth = 0): string[] {
  const out = [JSON.stringify(body)];
  const withKey = (key: string, value: unknown) => JSON.stringify(body).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(value)}${Object.keys(body).length ? ',' : ''}`);
  for (const key of Object.keys(body)) {
    const { [key]: _dropped, ...rest } = body;
    out.push(JSON.stringify(rest));
    for (const junk of [...JUNK, ...(JUNK_FOR[key] ?? [])]) out.push(JSON.stringify({ ...body, [key]: junk }));
    const value = body[key];
    if (depth === 0 && value && typeof value === 'object') {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (!item || typeof item !== 'object') continue;
        for (const inner of variants(item as Record<string, unknown>, depth + 1)) {
          const nested = JSON.parse(inner) as unknown;
          out.push(JSON.stringify({ ...body, [key]: Array.isArray(value) ? [nested] : nested }));
          if (Array.isArray(value)) out.push(JSON.stringify({ ...body, [key]: [...value, nested] }));
        }
      }
    }
  }
  for (const key of EXTRA_KEYS) out.push(withKey(key, 'x'));
  return out;
}

const DTOS: Function[] = [...COMMAND_ROUTES.map((route) => route.body), DetectDormancyDto];
/** What the full pipe strips or passes over before it validates, so the plan leaves it to the full pipe. */
const LEFT_TO_THE_FULL_PIPE = /"(?:__proto__|constructor|toString|hasOwnProperty)":/;

describe('the compiled body checks agree with class-validator', () => {
  test.each(DTOS.map((dto) => [dto.name, dto] as const))('%s', async (_name, dto) => {
    const check = compiledBody(dto);
    expect(check).toBeDefined();
    const samples = VALID[dto.name];
    expect(samples).toBeDefined();
    let accepted = 0;
    let refused = 0;
    for (const sample of samples) {
      for (const json of variants(sample as Record<string, unknown>)) {
        const expected = await fullVerdict(dto, json);
        const compiled = check?.(JSON.parse(json));
        if (expected === 'refused') {
          refused += 1;
          expect({ json, compiled }).toEqual({ json, compiled: undefined });
        } else if (compiled === undefined) {
          // The plan may leave a body the full pipe accepts to it only for what it strips or skips.
          expect(json).toMatch(LEFT_TO_THE_FULL_PIPE);
        } else {
          accepted += 1;
          expect(compiled).toStrictEqual(expected);
          expect(Object.getPrototypeOf(compiled)).toBe(dto.prototype);
        }
      }
    }
    // Both sides of the line were crossed, many times.
    expect(accepted).toBeGreaterThanOrEqual(samples.length);
    expect(refused).toBeGreaterThan(20);
  });

  it('is made once per class', () => {
    expect(compiledBody(DTOS[0])).toBe(compiledBody(DTOS[0]));
  });

  it('leaves a class it cannot read to the full pipe', () => {
    class Plain {
      name?: string;
    }
    class Exposed {
      @Expose({ name: 'label' }) @IsString() name?: string;
    }
    class Grouped {
      @IsString({ groups: ['admin'] }) name?: string;
    }
    for (const target of [Plain, Object, Exposed, Grouped]) expect(compiledBody(target)).toBeUndefined();
  });

  it('leaves a body to the full pipe when a constraint answers with a promise', async () => {
    @ValidatorConstraint({ name: 'eventually' })
    class Eventually implements ValidatorConstraintInterface {
      validate() {
        return Promise.resolve(false) as unknown as boolean;
      }
    }
    class Later {
      @Validate(Eventually) name?: string;
    }
    expect(compiledBody(Later)?.({ name: 'x' })).toBeUndefined();
    expect(await fullVerdict(Later, '{"name":"x"}')).toBe('refused');
  });

  it('is the path the pipe takes for a valid body, and the full pipe answers a refusal', async () => {
    const pipe = new StrictValidationPipe();
    const body = { opportunityId: 'o1', toStage: 'proposal' };
    const accepted = await pipe.transform({ ...body }, { type: 'body', metatype: AdvanceStageDto });
    expect(accepted).toBeInstanceOf(AdvanceStageDto);
    expect(accepted).toEqual(body);
    await expect(pipe.transform({ ...body, toStage: 'closing' }, { type: 'body', metatype: AdvanceStageDto })).rejects.toEqual(
      expect.objectContaining({ problem: expect.objectContaining({ status: 400, errors: [expect.objectContaining({ field: 'toStage' })] }) }),
    );
  });
});
