/** The API key lives in this tab's session storage only: never in a URL, gone when the tab closes. */
const KEY = 'crm-console-api-key';

export const session = {
  key: (): string | undefined => sessionStorage.getItem(KEY) ?? undefined,
  signIn: (key: string) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};
