import type { ReactElement } from 'react';

/**
 * One page of the console. A new page is one file that exports one of these, listed in
 * pages/index.ts: the navigation, the access check and the routing follow from it.
 */
export interface ConsolePage {
  /** Its place in the URL: #/<id>. */
  id: string;
  title: string;
  /** A GET the page itself makes: 200 means the key may open the page, 403 that its role may not. */
  probe: string;
  /** `rest` is what follows the page's id in the URL (#/<id>/<rest>), '' when nothing does. */
  render(key: string, rest: string): ReactElement;
}
