import { type ReactElement, useState } from 'react';

/**
 * Filters typed into boxes: what the boxes hold, and what they apply (trimmed, blanks dropped)
 * when the form they sit in is sent, never per keystroke.
 */
export function useTypedFilters<N extends string>(labels: Record<N, string>, initial: Partial<Record<N, string>>, placeholders: Partial<Record<N, string>> = {}) {
  const [typed, setTyped] = useState<Partial<Record<N, string>>>(initial);
  const names = Object.keys(labels) as N[];
  const applied = (): Partial<Record<N, string>> => Object.fromEntries(names.map((name) => [name, typed[name]?.trim() || undefined])) as Partial<Record<N, string>>;
  const inputs: ReactElement[] = names.map((name) => (
    <label key={name}>
      {labels[name]}
      <input type="text" maxLength={200} placeholder={placeholders[name]} value={typed[name] ?? ''} onChange={(event) => setTyped({ ...typed, [name]: event.target.value })} />
    </label>
  ));
  return { applied, inputs };
}
