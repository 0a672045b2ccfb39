import { rebuildShare } from './rebuild-job';

describe("a rebuild's progress bar", () => {
  test.each<{ name: string; status: 'running' | 'switched' | 'failed'; position: string | null; head: string | null; then: number | undefined }>([
    { name: 'just asked: no figure yet', status: 'running', position: null, head: null, then: undefined },
    { name: 'half way', status: 'running', position: '500', head: '1000', then: 0.5 },
    { name: 'at the head, not switched yet', status: 'running', position: '1000', head: '1000', then: 1 },
    { name: 'past the head it started for (new events arrived): full, not more', status: 'running', position: '1200', head: '1000', then: 1 },
    { name: 'an empty log', status: 'running', position: '0', head: '0', then: undefined },
    { name: 'switched: done', status: 'switched', position: null, head: null, then: 1 },
    { name: 'failed part way: where it stopped', status: 'failed', position: '250', head: '1000', then: 0.25 },
  ])('$name', ({ status, position, head, then }) => {
    expect(rebuildShare({ status, position, head })).toBe(then);
  });
});
