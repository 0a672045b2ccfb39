import { RuleViolation } from '@crm/domain';
import { PlannedCommand } from './crm-sales.parser';
import { IMPORT_CONCURRENCY, SendPlanned, runImport } from './run-import';

const planned = (lane: string, n: number, command = 'LogInteraction'): PlannedCommand => ({
  command,
  at: '2017-01-01T00:00:00.000Z',
  input: { n },
  source: { file: 'test.csv', row: n },
  key: `test/${lane}/${n}`,
  lane,
});

/** A send that answers after a few turns (varying by command), recording what ran alongside what. */
function recordingSend(answer: (command: PlannedCommand) => void = () => undefined) {
  const started: PlannedCommand[] = [];
  const finished: PlannedCommand[] = [];
  const timeline: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const send: SendPlanned = async (command) => {
    started.push(command);
    timeline.push(`start ${command.key}`);
    mostInFlight = Math.max(mostInFlight, ++inFlight);
    for (let turn = 0; turn < (Number(command.input.n) * 7) % 5; turn++) await new Promise((done) => setImmediate(done));
    inFlight -= 1;
    finished.push(command);
    timeline.push(`end ${command.key}`);
    answer(command);
    return { replayed: false };
  };
  return { send, started, finished, timeline, mostInFlight: () => mostInFlight };
}

describe('runImport: commands side by side, each customer in its order', () => {
  it('given three customers, when imported, then each customer’s commands start only after the one before it finished', async () => {
    const plan = Array.from({ length: 60 }, (_, n) => planned(`customer-${n % 3}`, n));
    const recorder = recordingSend();
    const outcome = await runImport(plan, recorder.send);
    expect(outcome.applied).toEqual({ LogInteraction: 60 });
    for (const lane of ['customer-0', 'customer-1', 'customer-2']) {
      const inPlan = plan.filter((c) => c.lane === lane);
      expect(recorder.finished.filter((c) => c.lane === lane)).toEqual(inPlan);
      for (let i = 1; i < inPlan.length; i++) {
        expect(recorder.timeline.indexOf(`start ${inPlan[i].key}`)).toBeGreaterThan(recorder.timeline.indexOf(`end ${inPlan[i - 1].key}`));
      }
    }
    expect(recorder.mostInFlight()).toBe(3);
  });

  it(`given more customers than ${IMPORT_CONCURRENCY}, when imported, then at most ${IMPORT_CONCURRENCY} commands are in flight`, async () => {
    const plan = Array.from({ length: IMPORT_CONCURRENCY * 3 }, (_, n) => planned(`customer-${n}`, n));
    const recorder = recordingSend();
    const progress: number[] = [];
    await runImport(plan, recorder.send, (done) => progress.push(done));
    expect(recorder.mostInFlight()).toBe(IMPORT_CONCURRENCY);
    expect(progress).toEqual(plan.map((_, i) => i + 1));
  });

  it('given refusals that finish out of order, when imported, then they are reported in the plan’s order', async () => {
    const plan = [planned('a', 4), planned('b', 1), planned('c', 3), planned('d', 2)];
    const refuse = new Set([4, 1, 3]);
    const recorder = recordingSend((command) => {
      if (refuse.has(Number(command.input.n))) throw new RuleViolation('some-rule', `refused ${command.input.n}`);
    });
    const outcome = await runImport(plan, recorder.send);
    expect(outcome.refused.map((r) => r.reason)).toEqual(['refused 4', 'refused 1', 'refused 3']);
    expect(outcome.applied).toEqual({ LogInteraction: 1 });
  });

  it('given a fault (not a refusal), when imported, then no further command starts and the fault is thrown', async () => {
    const plan = Array.from({ length: 200 }, (_, n) => planned('one-customer', n));
    const recorder = recordingSend((command) => {
      if (command.input.n === 5) throw new Error('disk gone');
    });
    await expect(runImport(plan, recorder.send)).rejects.toThrow('disk gone');
    expect(recorder.started).toHaveLength(6);
  });

  it('given a fault in one customer’s commands, when imported, then the others in flight settle, none starts after it, and the fault is thrown', async () => {
    const plan = Array.from({ length: 90 }, (_, n) => planned(`customer-${n % 3}`, n));
    const recorder = recordingSend((command) => {
      if (command.input.n === 31) {
        recorder.timeline.push('fault');
        throw new Error('disk gone');
      }
    });
    await expect(runImport(plan, recorder.send)).rejects.toThrow('disk gone');
    const fault = recorder.timeline.indexOf('fault');
    expect(recorder.timeline.slice(fault).filter((entry) => entry.startsWith('start'))).toEqual([]);
    const started = recorder.timeline.filter((entry) => entry.startsWith('start')).map((entry) => entry.slice('start '.length));
    const ended = new Set(recorder.timeline.filter((entry) => entry.startsWith('end')).map((entry) => entry.slice('end '.length)));
    expect(started.filter((key) => !ended.has(key))).toEqual([]);
    expect(started.length).toBeGreaterThan(31);
  });
});
