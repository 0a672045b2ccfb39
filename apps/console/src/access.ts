import { explain, request } from './api';
import type { ConsolePage } from './pages/page';

export type Access = { ok: true; open: ConsolePage[] } | { ok: false; message: string };

/**
 * What a key may open, asked of the API itself (it has no "who am I"): each page's own GET.
 * 200 opens the page, 403 hides it; 401 (the key is not known), 503 and no answer refuse the
 * sign-in with the reason in words.
 */
export async function accessOf(key: string, pages: readonly ConsolePage[]): Promise<Access> {
  const answers = await Promise.all(pages.map(async (page) => ({ page, status: (await request(page.probe, key)).status })));
  const refusal = answers.find(({ status }) => status !== 200 && status !== 403);
  if (refusal) return { ok: false, message: explain(refusal.status) };
  const open = answers.filter(({ status }) => status === 200).map(({ page }) => page);
  return open.length > 0 ? { ok: true, open } : { ok: false, message: 'This key may open none of the console’s pages.' };
}
