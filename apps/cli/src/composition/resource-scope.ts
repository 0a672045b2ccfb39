/**
 * What one CLI command opened, closed in reverse order when it ends, whether it succeeded or
 * failed, and also when it failed halfway through opening: whatever was opened by then is held.
 */
export class ResourceScope {
  private readonly held: { name: string; close: () => Promise<void> | void }[] = [];

  /** What is open now, in the order it was opened. */
  get open(): string[] {
    return this.held.map((entry) => entry.name);
  }

  hold<T>(name: string, resource: T, close: (resource: T) => Promise<void> | void): T {
    this.held.push({ name, close: () => close(resource) });
    return resource;
  }

  /** Closes everything, even past a close that fails; the first such failure is then thrown. */
  async close(): Promise<void> {
    let failure: { error: unknown } | undefined;
    for (let entry = this.held.pop(); entry; entry = this.held.pop()) {
      try {
        await entry.close();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}

/** Runs a command in a scope of its own. A command's own error wins over one from closing after it. */
export async function withScope<T>(run: (scope: ResourceScope) => Promise<T>): Promise<T> {
  const scope = new ResourceScope();
  let result: T;
  try {
    result = await run(scope);
  } catch (error) {
    await scope.close().catch(() => undefined);
    throw error;
  }
  await scope.close();
  return result;
}
