import type { FormEvent } from 'react';
import { formatDateTime } from '../format';
import { Pager, usePaged } from '../paging';
import { Shown } from '../states';
import { queryOf, useHashFilters } from '../hash-filters';
import { useTypedFilters } from '../typed-filters';
import { customerHref } from './links';

interface CustomerItem {
  customerId: string;
  name?: string;
  company?: string;
  region?: string;
  industry?: string;
  ownerId?: string;
  funnelStage: string;
  activity: string;
  lastActivityAt?: string;
}

/** GET /customers' filters (api.md): the closed sets are choices, the open ones typed. */
const CHOICES = {
  funnelStage: ['prospect', 'opportunity', 'customer', 'repeat-customer', 'lost'],
  activity: ['active', 'dormant', 'reawakened'],
  tier: ['A', 'B', 'C'],
} as const;
const TYPED = { industry: 'Industry', region: 'Region', ownerId: 'Owner' } as const;
const LABELS = { funnelStage: 'Funnel stage', activity: 'Activity', tier: 'Tier' } as const;
type Filters = Partial<Record<keyof typeof CHOICES | keyof typeof TYPED, string>>;
const FILTER_NAMES = [...Object.keys(CHOICES), ...Object.keys(TYPED)] as (keyof typeof CHOICES | keyof typeof TYPED)[];

const customersPath = (filters: Filters) => `/customers?${queryOf({ limit: '50', ...filters })}`;

export function CustomerList({ apiKey }: { apiKey: string }) {
  const [filters, setFilters] = useHashFilters<Filters>('customers', FILTER_NAMES);
  const paged = usePaged<CustomerItem>(customersPath(filters), 'cursor', apiKey);
  const { loaded } = paged;
  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">Customers</h1>
      <CustomerFilters filters={filters} onChange={setFilters} />
      <Shown loaded={loaded} empty={(page) => page.items.length === 0 && paged.first}>
        {(page) => (
          <>
            <table>
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Company</th>
                  <th scope="col">Region</th>
                  <th scope="col">Industry</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Funnel stage</th>
                  <th scope="col">Activity</th>
                  <th scope="col">Last activity</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((customer) => (
                  <tr key={customer.customerId} data-customer={customer.customerId}>
                    <td>
                      <a href={customerHref(customer.customerId)}>{customer.name ?? customer.customerId}</a>
                    </td>
                    <td>{customer.company ?? '—'}</td>
                    <td>{customer.region ?? '—'}</td>
                    <td>{customer.industry ?? '—'}</td>
                    <td>{customer.ownerId ?? '—'}</td>
                    <td>{customer.funnelStage}</td>
                    <td>{customer.activity}</td>
                    <td>{formatDateTime(customer.lastActivityAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager label="Pages of customers" page={page} paged={paged} />
          </>
        )}
      </Shown>
    </section>
  );
}

/**
 * A choice applies at once; typed filters when the form is sent (Enter or Apply), not per
 * keystroke, and with a choice (what the boxes show is what the list is filtered by).
 */
function CustomerFilters({ filters, onChange }: { filters: Filters; onChange: (filters: Filters) => void }) {
  const typed = useTypedFilters<keyof typeof TYPED>(TYPED, filters);
  const withTyped = (chosen: Filters): Filters => ({ ...chosen, ...typed.applied() });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onChange(withTyped(filters));
  };
  return (
    <form className="filters" aria-label="Filter customers" onSubmit={apply}>
      {(Object.keys(CHOICES) as (keyof typeof CHOICES)[]).map((name) => (
        <label key={name}>
          {LABELS[name]}
          <select value={filters[name] ?? ''} onChange={(event) => onChange(withTyped({ ...filters, [name]: event.target.value || undefined }))}>
            <option value="">any</option>
            {CHOICES[name].map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        </label>
      ))}
      {typed.inputs}
      <button type="submit">Apply</button>
    </form>
  );
}
