import { ResourceScope, withScope } from './resource-scope';

describe('a command scope', () => {
  it('closes in reverse order of opening, past a close that fails, and then names that failure', async () => {
    const closed: string[] = [];
    const scope = new ResourceScope();
    scope.hold('file', 'f', () => void closed.push('file'));
    scope.hold('store', 's', () => Promise.reject(new Error('store would not close')));
    scope.hold('keys', 'k', async () => void closed.push('keys'));
    expect(scope.open).toEqual(['file', 'store', 'keys']);
    await expect(scope.close()).rejects.toThrow('store would not close');
    expect(closed).toEqual(['keys', 'file']);
    expect(scope.open).toEqual([]);
  });

  it("closes when the command fails, and reports the command's error rather than a close's", async () => {
    const closed: string[] = [];
    const run = withScope(async (scope) => {
      scope.hold('file', 'f', () => void closed.push('file'));
      scope.hold('store', 's', () => Promise.reject(new Error('store would not close')));
      throw new Error('the command failed');
    });
    await expect(run).rejects.toThrow('the command failed');
    expect(closed).toEqual(['file']);
  });
});
