/** Waits until `check` holds, polling; throws when it has not within `timeoutMs` (tests of the engine's asynchronous work). */
export async function until(check: () => Promise<boolean>, timeoutMs = 5000, pollMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
